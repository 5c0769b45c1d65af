// Hall inside a government portal's page. The portal pastes, where Hall should appear:
//
//   <div data-hall-embed data-path="/search?q=社保"></div>
//   <script src="https://<hall's address>/embed.js" async></script>
//
// Optional attributes: data-brand="004ea2" (the portal's brand colour, six hex digits; used
// when white text on it keeps a 4.5:1 contrast), data-font="serif", data-lang="zh-HK" or "en"
// (the interface language for the whole visit), data-title (the frame's
// accessible name), data-height (the first height in px, until Hall reports its own).
// Hall reports its height by postMessage; the frame follows it, so the portal never shows a
// second scroll bar. Hall only agrees to be framed by the portals on its allow-list
// (HALL_EMBED_ORIGINS).
(function () {
  var script = document.currentScript;
  if (!script) return;
  var hall = new URL(script.src).origin;
  function mount(el) {
    if (el.getAttribute('data-hall-mounted')) return;
    el.setAttribute('data-hall-mounted', '1');
    var path = el.getAttribute('data-path') || '/';
    if (path.charAt(0) !== '/' || path.charAt(1) === '/') path = '/';
    var url = new URL(path, hall);
    url.searchParams.set('embed', '1');
    ['brand', 'font', 'lang'].forEach(function (k) {
      var v = el.getAttribute('data-' + k);
      if (v) url.searchParams.set(k, v);
    });
    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = el.getAttribute('data-title') || '市政务服务中心 网上办事';
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.display = 'block';
    frame.style.height = (parseInt(el.getAttribute('data-height'), 10) || 600) + 'px';
    el.appendChild(frame);
    window.addEventListener('message', function (event) {
      if (event.origin !== hall || event.source !== frame.contentWindow) return;
      var d = event.data;
      if (d && d.type === 'hall:height' && typeof d.height === 'number' && d.height > 0 && d.height < 100000) {
        frame.style.height = Math.ceil(d.height) + 'px';
      }
    });
  }
  var els = document.querySelectorAll('[data-hall-embed]');
  for (var i = 0; i < els.length; i++) mount(els[i]);
})();
