// Versions page: restore an old version as a new one; show save times in the reader's locale.
import { problemLines, restoreVersion } from "./api.js";
import { localDateTime, readJSONScript, showProblems } from "./dom.js";

const config = readJSONScript("versions-config");
const problems = document.getElementById("problems");

for (const time of document.querySelectorAll("time[datetime]")) time.textContent = localDateTime(time.dateTime);

for (const button of document.querySelectorAll("button[data-restore]")) {
  button.addEventListener("click", async () => {
    try {
      await restoreVersion(config.api_url, config.scenario_id, button.dataset.restore);
    } catch (error) {
      showProblems(problems, problemLines(error));
    }
  });
}
