//! A table from Han characters to values, kept as two lists in code-point order: the shape of
//! the tables made when the catalogue is loaded and stored beside it (繁體 → 简体 for queries,
//! each character's pinyin for near-homophones).

/// Characters in code-point order and the value of each at the same position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharTable<V> {
    keys: Vec<char>,
    values: Vec<V>,
}

impl<V> Default for CharTable<V> {
    fn default() -> Self {
        CharTable {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<V> CharTable<V> {
    /// From its two lists; `None` when they do not line up or the keys are out of order.
    pub fn new(keys: Vec<char>, values: Vec<V>) -> Option<CharTable<V>> {
        (keys.len() == values.len() && keys.windows(2).all(|w| w[0] < w[1]))
            .then_some(CharTable { keys, values })
    }

    pub fn get(&self, c: char) -> Option<&V> {
        self.keys.binary_search(&c).ok().map(|i| &self.values[i])
    }

    /// The keys, as one string in order.
    pub fn keys(&self) -> String {
        self.keys.iter().collect()
    }

    pub fn values(&self) -> &[V] {
        &self.values
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_must_be_in_order_and_line_up_with_the_values() {
        let t = CharTable::new(vec!['丢', '证'], vec![1, 2]).unwrap();
        assert_eq!((t.get('证'), t.get('护'), t.len()), (Some(&2), None, 2));
        assert_eq!(t.keys(), "丢证");
        assert!(CharTable::new(vec!['证', '丢'], vec![1, 2]).is_none());
        assert!(CharTable::new(vec!['丢'], vec![1, 2]).is_none());
        assert!(CharTable::<u8>::default().is_empty());
    }
}
