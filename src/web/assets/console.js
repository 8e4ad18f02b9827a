// Console pages: live refresh over server-sent events (regions marked data-live are swapped for
// their fresh server-rendered versions), and no double submits. No framework, no build step.
(function () {
  'use strict';
  var body = document.body;

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
      return;
    }
    var button = form.querySelector('button[type=submit]');
    if (button && form.method.toLowerCase() === 'post') setTimeout(function () { button.disabled = true; }, 0);
  });

  if (!document.querySelector('[data-live]') || !window.EventSource) return;

  var refreshing = false;
  var again = false;

  function busy(region) {
    // Never swap away a form someone is filling in.
    var active = document.activeElement;
    if (active && region.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return true;
    return Array.prototype.some.call(region.querySelectorAll('textarea, input:not([type=hidden])'), function (el) {
      return el.value && el.value !== el.defaultValue;
    });
  }

  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (res) {
        if (res.redirected && /\/console\/login/.test(res.url)) { location.href = res.url; return null; }
        return res.ok ? res.text() : null;
      })
      .then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, 'text/html');
        document.querySelectorAll('[data-live]').forEach(function (region) {
          var next = fresh.querySelector('[data-live="' + region.dataset.live + '"]');
          if (next && next.innerHTML !== region.innerHTML && !busy(region)) {
            region.innerHTML = next.innerHTML;
            region.className = next.className;
          }
        });
        body.dataset.refreshedAt = String(Date.now());
        document.dispatchEvent(new CustomEvent('live:updated'));
      })
      .catch(function () {})
      .then(function () {
        refreshing = false;
        if (again) { again = false; refresh(); }
      });
  }

  var timer = null;
  var source = new EventSource('/api/console/stream');
  var status = document.querySelector('[data-testid=live-status]');
  var everOpen = false;
  source.addEventListener('open', function () {
    body.dataset.liveState = 'open';
    if (status) status.textContent = '实时更新';
    // After a reconnect, catch up on whatever was missed.
    if (everOpen) refresh();
    everOpen = true;
  });
  source.addEventListener('error', function () {
    body.dataset.liveState = 'reconnecting';
    if (status) status.textContent = '连接中…';
  });
  source.addEventListener('changed', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  });
})();
