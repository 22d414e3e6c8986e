// The API docs' top-bar logo leads back to the app (@fastify/swagger-ui sets `href` on the image, not the link).
(function () {
  'use strict';
  const label = 'Back to the Academics Data Platform';
  function lead() {
    const link = document.querySelector('#swagger-ui .topbar .topbar-wrapper a.link');
    if (!link || !link.querySelector('img[src^="data:image/svg+xml"]')) return void setTimeout(lead, 50);
    link.href = '/';
    link.target = '_self';
    link.setAttribute('aria-label', label);
    link.querySelector('img').alt = label;
  }
  lead();
})();
