// JSON calls to the server's /api. Every call stays on this origin.

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.detail ? String(body.detail) : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function parse(response) {
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function getJSON(url) {
  return parse(await fetch(url, { headers: { Accept: "application/json" } }));
}

// The login page's CSRF cookie, which a change made with the session cookie must repeat as a header;
// empty in local mode and for API tokens, which need none.
export function csrfToken() {
  const found = document.cookie.split("; ").find((c) => c.startsWith("paradeplan_csrf="));
  return found ? decodeURIComponent(found.slice("paradeplan_csrf=".length)) : "";
}

export async function postJSON(url, body = {}) {
  return parse(await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
    body: JSON.stringify(body),
  }));
}

// Save an old version's text as the newest version, then open the workspace on it.
export async function restoreVersion(apiUrl, scenarioId, number) {
  await postJSON(`${apiUrl}/scenarios/${scenarioId}/versions/${number}/restore`, { message: `Restored version ${number}` });
  window.location.href = `/scenarios/${scenarioId}`;
}

// The problems of a 422 answer as one line each, in the CLI's words.
export function problemLines(error) {
  const problems = error.body && Array.isArray(error.body.problems) ? error.body.problems : [];
  return problems.length ? problems.map((p) => p.text || p.message) : [error.message];
}
