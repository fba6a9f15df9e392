// Versions page: restore an old version as a new one; show save times in the reader's locale.
import { postJSON, problemLines } from "./api.js";
import { localDateTime, readJSONScript, showProblems } from "./dom.js";

const config = readJSONScript("versions-config");
const problems = document.getElementById("problems");

for (const time of document.querySelectorAll("time[datetime]")) time.textContent = localDateTime(time.dateTime);

for (const button of document.querySelectorAll("button[data-restore]")) {
  button.addEventListener("click", async () => {
    const number = button.dataset.restore;
    try {
      await postJSON(`${config.api_url}/scenarios/${config.scenario_id}/versions/${number}/restore`, { message: `Restored version ${number}` });
      window.location.href = `/scenarios/${config.scenario_id}`;
    } catch (error) {
      showProblems(problems, problemLines(error));
    }
  });
}
