// Swagger UI for /docs, started from this file rather than an inline script, which the Content-Security-Policy
// does not run. Every request that changes something goes as JSON, as the pages send it: the server refuses any
// other (web/security.py), a route that takes no body included. A classic script: swagger-ui-bundle.js sets the
// global SwaggerUIBundle.

(() => {
  const config = JSON.parse(document.getElementById("docs-config").textContent);
  window.ui = SwaggerUIBundle({
    url: config.openapi_url,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    requestInterceptor: (request) => {
      const method = (request.method || "GET").toUpperCase();
      const typed = Object.keys(request.headers || {}).some((name) => name.toLowerCase() === "content-type");
      if (!["GET", "HEAD", "OPTIONS"].includes(method)) {
        const csrf = document.cookie.split("; ").find((c) => c.startsWith("paradeplan_csrf="));
        request.headers = { ...request.headers, ...(typed ? {} : { "Content-Type": "application/json" }),
          ...(csrf ? { "X-CSRF-Token": decodeURIComponent(csrf.slice("paradeplan_csrf=".length)) } : {}) };
      }
      return request;
    },
  });
})();
