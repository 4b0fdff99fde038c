/*
 * Starts Web Chat in #webchat: gets a Direct Line token from this server's /webchat/token
 * (the secret never reaches the browser) and connects to our own Direct Line service.
 * In the embed's iframe (data-mode="frame") it first asks the parent page for a
 * store-signed user token, so a logged-in shopper is recognised.
 */
(function () {
  'use strict';

  var PARENT_WAIT_MS = 1500;

  function initials(name) {
    var words = String(name).trim().split(/\s+/).filter(Boolean);
    var letters = words.length > 1 ? words[0][0] + words[1][0] : String(name).slice(0, 2);
    return letters.toUpperCase();
  }

  function showError(mount, text) {
    mount.textContent = '';
    var p = document.createElement('p');
    p.className = 'webchat-error';
    p.textContent = text;
    mount.appendChild(p);
  }

  function fetchToken(url, userToken) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(userToken ? { userToken: userToken } : {}),
      credentials: 'same-origin',
    }).then(function (res) {
      if (res.ok) return res.json();
      if (userToken) {
        // A stale or wrong store token must not keep the shopper from chatting: continue anonymously.
        console.warn('wismo-bot: user token rejected (HTTP ' + res.status + '), continuing without it');
        return fetchToken(url, undefined);
      }
      throw new Error('token request failed: HTTP ' + res.status);
    });
  }

  function waitForParentToken() {
    if (window.parent === window) return Promise.resolve(undefined);
    return new Promise(function (resolve) {
      var done = false;
      function finish(token) {
        if (done) return;
        done = true;
        window.removeEventListener('message', onMessage);
        resolve(token);
      }
      function onMessage(event) {
        if (event.source !== window.parent || !event.data || event.data.type !== 'wismo:init') return;
        finish(typeof event.data.userToken === 'string' && event.data.userToken ? event.data.userToken : undefined);
      }
      window.addEventListener('message', onMessage);
      window.parent.postMessage({ type: 'wismo:ready' }, '*');
      setTimeout(function () { finish(undefined); }, PARENT_WAIT_MS);
    });
  }

  function start(mount) {
    var accent = mount.getAttribute('data-accent') || '#0b6e4f';
    var shopName = mount.getAttribute('data-shop-name') || 'Shop';
    var frame = mount.getAttribute('data-mode') === 'frame';
    var domain = new URL(mount.getAttribute('data-domain') || '/v3/directline', window.location.href).href.replace(/\/$/, '');

    (frame ? waitForParentToken() : Promise.resolve(undefined))
      .then(function (userToken) { return fetchToken(mount.getAttribute('data-token-url') || '/webchat/token', userToken); })
      .then(function (issued) {
        mount.textContent = '';
        var directLine = window.WebChat.createDirectLine({ token: issued.token, domain: domain });
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            userID: issued.userId,
            // A page in the shopper's language (the tracking page) says which; else the browser's.
            locale: mount.getAttribute('data-locale') || navigator.language || 'en-US',
            styleOptions: {
              accent: accent,
              botAvatarInitials: initials(shopName),
              userAvatarInitials: 'You',
              bubbleFromUserBackground: accent,
              bubbleFromUserTextColor: '#ffffff',
              bubbleFromUserBorderRadius: 14,
              bubbleBorderRadius: 14,
              suggestedActionBorderColor: accent,
              suggestedActionTextColor: accent,
              sendBoxButtonColor: accent,
              hideUploadButton: true,
              disableFileUpload: true,
              backgroundColor: '#ffffff',
              rootHeight: '100%',
            },
          },
          mount
        );
        window.wismoDirectLine = directLine;
        mount.setAttribute('data-ready', 'true');
      })
      .catch(function (err) {
        console.error('wismo-bot: chat could not start', err);
        showError(mount, 'The chat is unavailable right now. Please try again in a moment.');
      });
  }

  function boot() {
    var mount = document.getElementById('webchat');
    if (!mount) return;
    if (!window.WebChat) {
      showError(mount, 'The chat could not load.');
      return;
    }
    var close = document.getElementById('chat-close');
    if (close) close.addEventListener('click', function () { window.parent.postMessage({ type: 'wismo:close' }, '*'); });
    start(mount);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
