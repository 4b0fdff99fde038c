/*
 * wismo-bot web chat embed: a floating chat button that opens the shop's chat in an
 * iframe served by the bot (Web Chat runs there, isolated from the page's scripts and styles).
 *
 *   <script src="https://bot.example.com/webchat/embed.js" async
 *           data-user-token="<optional store-signed token of the logged-in shopper>"></script>
 */
(function () {
  'use strict';
  if (window.WismoChat) return;

  var config = __WISMO_CONFIG__;
  var script = document.currentScript;
  var base = new URL(script && script.src ? script.src : '/', window.location.href);
  var botOrigin = base.origin;
  var userToken = (script && script.getAttribute('data-user-token')) || undefined;
  var accent = /^#[0-9a-fA-F]{6}$/.test(config.accentColor) ? config.accentColor : '#0b6e4f';

  var button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', 'Chat with ' + config.shopName);
  button.setAttribute('aria-expanded', 'false');
  button.innerHTML =
    '<svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>';
  setStyle(button, {
    position: 'fixed', right: '20px', bottom: '20px', width: '58px', height: '58px', borderRadius: '50%',
    border: 'none', background: accent, color: '#fff', cursor: 'pointer', zIndex: '2147483646',
    boxShadow: '0 6px 20px rgba(0,0,0,.25)', display: 'flex', alignItems: 'center', justifyContent: 'center',
  });

  var panel = null;
  var iframe = null;

  function open() {
    if (!panel) {
      panel = document.createElement('div');
      setStyle(panel, {
        position: 'fixed', right: '20px', bottom: '90px', width: '380px', height: '600px',
        maxWidth: 'calc(100vw - 40px)', maxHeight: 'calc(100vh - 110px)', borderRadius: '14px', overflow: 'hidden',
        boxShadow: '0 12px 40px rgba(0,0,0,.28)', zIndex: '2147483647', background: '#fff',
      });
      iframe = document.createElement('iframe');
      iframe.src = botOrigin + '/webchat/frame';
      iframe.title = config.shopName + ' chat';
      setStyle(iframe, { width: '100%', height: '100%', border: '0' });
      panel.appendChild(iframe);
      document.body.appendChild(panel);
    }
    panel.style.display = 'block';
    button.setAttribute('aria-expanded', 'true');
  }

  function close() {
    if (panel) panel.style.display = 'none';
    button.setAttribute('aria-expanded', 'false');
  }

  window.addEventListener('message', function (event) {
    if (!iframe || event.origin !== botOrigin || event.source !== iframe.contentWindow || !event.data) return;
    if (event.data.type === 'wismo:ready') iframe.contentWindow.postMessage({ type: 'wismo:init', userToken: userToken }, botOrigin);
    if (event.data.type === 'wismo:close') close();
  });

  button.addEventListener('click', function () {
    if (panel && panel.style.display !== 'none') close();
    else open();
  });

  function setStyle(el, styles) {
    for (var key in styles) el.style[key] = styles[key];
  }

  function mount() { document.body.appendChild(button); }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  window.WismoChat = {
    open: open,
    close: close,
    /** For sites that log the shopper in after the page loaded: applies to the next chat opened. */
    setUserToken: function (token) { userToken = token || undefined; },
  };
})();
