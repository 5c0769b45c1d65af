//! QR codes as SVG images (one path, no raster), for appointment numbers and ticket links. The
//! `qrcode` crate computes the modules; this draws them. Drawn here rather than in the browser,
//! so the app bundles carry no QR encoder.

use qrcode::{Color, EcLevel, QrCode};

/// An SVG image of a QR code of `data`, with a 4-module quiet zone.
pub fn svg(data: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let size = width + 8;
    let mut path = String::new();
    for (i, c) in code.to_colors().into_iter().enumerate() {
        if c == Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", i % width + 4, i / width + 4));
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_a_square_code() {
        let svg = super::svg("Y261130605A8E").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        // Version 1 (21 modules) plus the quiet zone.
        assert!(svg.contains("viewBox=\"0 0 29 29\""), "{svg}");
        assert!(svg.matches('M').count() > 100);
    }
}
