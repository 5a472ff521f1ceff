// Starts Swagger UI for /api/docs. Kept out of the HTML so no inline script is needed.
const container = document.getElementById("swagger-ui-container");
window.ui = SwaggerUIBundle({ url: container.dataset.specUrl, dom_id: "#swagger-ui-container" });
