// Runs before the app, on every page:
// - the interface language (see below);
// - the visitor's display choices, applied before the app renders so a page never flashes in
//   the wrong size: 关怀模式 (elderly mode: larger text and targets, stronger contrast, one
//   column, no motion), remembered in this browser. Any element with `data-care-toggle` is the
//   switch; its `aria-pressed` follows the mode;
// - embedding in a portal (see embed.js);
// - error summaries: a click on an entry focuses its field;
// - the service worker (sw.js), and the banner that marks a page shown from what it kept while
//   the network is down.
(function () {
  var KEY = 'hall.care';
  var root = document.documentElement;

  // The interface language (简体 by default, 繁體 or English), remembered in this browser and set
  // as the page's `lang` before the app reads it. A `data-lang` button chooses another and
  // reloads the page in it.
  var LANG_KEY = 'hall.lang';
  var LANGS = ['zh-CN', 'zh-HK', 'en'];
  try {
    var saved = localStorage.getItem(LANG_KEY);
    if (LANGS.indexOf(saved) >= 0) root.lang = saved;
  } catch (e) {
    /* storage blocked: the default language */
  }
  // `?lang=` chooses the language of this page only, not remembered: the hall's kiosk (one
  // visitor after another) uses it; embedded, it lasts for the frame's visit (below).
  var asked = new URLSearchParams(location.search).get('lang');
  if (LANGS.indexOf(asked) >= 0) root.lang = asked;
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('[data-lang]') : null;
    var lang = button && button.getAttribute('data-lang');
    if (LANGS.indexOf(lang) < 0 || lang === root.lang) return;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch (e) {
      /* not remembered: this page only */
    }
    root.lang = lang;
    location.reload();
  });
  var on = false;
  try {
    on = localStorage.getItem(KEY) === '1';
  } catch (e) {
    /* storage blocked: the mode lasts for this page */
  }
  function apply(value) {
    on = value;
    root.classList.toggle('care', on);
    var toggles = document.querySelectorAll('[data-care-toggle]');
    for (var i = 0; i < toggles.length; i++) toggles[i].setAttribute('aria-pressed', on ? 'true' : 'false');
  }
  apply(on);

  // An error summary's entry (`data-goto`: a field's name) moves the focus to that field: the
  // input described by the field's message (`data-field`).
  document.addEventListener(
    'click',
    function (event) {
      var link = event.target && event.target.closest ? event.target.closest('[data-goto]') : null;
      if (!link) return;
      var message = document.querySelector('[data-field="' + CSS.escape(link.getAttribute('data-goto')) + '"]');
      var input = message && message.id ? document.querySelector('[aria-describedby~="' + CSS.escape(message.id) + '"]') : null;
      if (!input) return;
      event.preventDefault();
      event.stopPropagation();
      input.focus();
    },
    true,
  );

  // Embedded in a portal (framed, or `?embed=1`): no header or footer, the portal's theme
  // tokens, and the page's height reported to the portal (public/embed.js sizes the frame).
  var framed = true;
  try {
    framed = window.self !== window.top;
  } catch (e) {
    /* a cross-origin parent: framed */
  }
  var params = new URLSearchParams(location.search);
  if (framed || params.get('embed') === '1') {
    root.classList.add('embed');
    var theme = {};
    try {
      theme = JSON.parse(sessionStorage.getItem('hall.theme') || '{}');
    } catch (e) {
      theme = {};
    }
    if (params.get('brand')) theme.brand = params.get('brand');
    if (params.get('font')) theme.font = params.get('font');
    // The portal's language lasts for the frame's whole visit, across Hall's page loads.
    if (LANGS.indexOf(asked) >= 0) theme.lang = asked;
    if (LANGS.indexOf(theme.lang) >= 0) root.lang = theme.lang;
    try {
      sessionStorage.setItem('hall.theme', JSON.stringify(theme));
    } catch (e) {
      /* the theme lasts for this page */
    }
    var rules = [];
    if (/^[0-9a-fA-F]{6}$/.test(theme.brand || '') && contrastWithWhite(theme.brand) >= 4.5) {
      rules.push('--color-brand:#' + theme.brand, '--color-brand-dark:#' + theme.brand);
    }
    if (theme.font === 'serif') rules.push('--font-body:"Songti SC","SimSun","Noto Serif CJK SC",serif');
    if (rules.length) {
      // Elderly mode keeps its own, stronger colours.
      var style = document.createElement('style');
      style.textContent = 'html.embed:not(.care){' + rules.join(';') + '}';
      document.head.appendChild(style);
    }
    var last = 0;
    var report = function () {
      if (!document.body) return;
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height !== last && window.parent !== window) {
        last = height;
        window.parent.postMessage({ type: 'hall:height', height: height }, '*');
      }
    };
    document.addEventListener('DOMContentLoaded', function () {
      report();
      if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
    });
  }

  function contrastWithWhite(hex) {
    var c = [0, 2, 4].map(function (i) {
      var v = parseInt(hex.substr(i, 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    return 1.05 / (l + 0.05);
  }
  document.addEventListener('click', function (event) {
    var target = event.target;
    var toggle = target && target.closest ? target.closest('[data-care-toggle]') : null;
    if (!toggle) return;
    apply(!on);
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch (e) {
      /* not remembered */
    }
  });

  function offlineBanner(savedAt) {
    var banner = document.getElementById('offline-banner');
    if (!banner) {
      var aside = document.createElement('aside');
      aside.className = 'offline-banner';
      aside.setAttribute('aria-label', { 'zh-HK': '網絡狀態', en: 'Network status' }[root.lang] || '网络状态');
      banner = document.createElement('p');
      banner.id = 'offline-banner';
      banner.setAttribute('role', 'status');
      aside.appendChild(banner);
      document.body.insertBefore(aside, document.body.firstChild);
    }
    var when = '';
    if (savedAt) {
      var d = new Date(savedAt);
      var pad = function (n) { return (n < 10 ? '0' : '') + n; };
      var time = pad(d.getHours()) + ':' + pad(d.getMinutes());
      var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      when = root.lang === 'en' ? d.getDate() + ' ' + months[d.getMonth()] + ' ' + time : (d.getMonth() + 1) + '月' + d.getDate() + '日 ' + time;
    }
    var text = {
      'zh-CN': '您现在离线：显示的是' + (when ? ' ' + when + ' ' : '上次') + '保存的内容，可能不是最新状态。联网后会自动更新。',
      'zh-HK': '您現在離線：顯示的是' + (when ? ' ' + when + ' ' : '上次') + '保存的內容，可能不是最新狀態。連網後會自動更新。',
      en: 'You are offline: this is what was saved ' + (when ? 'at ' + when : 'last time') + ', and may not be the latest. It updates once you are back online.',
    };
    banner.textContent = text[root.lang] || text['zh-CN'];
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', function (event) {
      if (event.data && event.data.type === 'hall:offline' && document.body) offlineBanner(event.data.savedAt);
    });
    window.addEventListener('online', function () {
      var banner = document.getElementById('offline-banner');
      if (banner) banner.parentNode.parentNode.removeChild(banner.parentNode);
    });
    // Registered once the page has settled, so installing it never competes with the first
    // render on a slow phone.
    var register = function () {
      navigator.serviceWorker.register('/sw.js').catch(function () {
        /* no offline copy: the site works as before */
      });
    };
    window.addEventListener('load', function () {
      setTimeout(function () {
        if (window.requestIdleCallback) window.requestIdleCallback(register, { timeout: 2000 });
        else register();
      }, 3000);
    });
  }
})();
