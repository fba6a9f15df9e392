// Versions page: restore an old version as a new one; show save times in the reader's zone, named.
import { problemLines, restoreVersion } from "./api.js";
import { readJSONScript, showProblems } from "./dom.js";
import { readerZone, savedTime } from "./saved.js";

const config = readJSONScript("versions-config");
const problems = document.getElementById("problems");

document.getElementById("saved-head").textContent = `Saved (${readerZone()})`;
for (const time of document.querySelectorAll("time[datetime]")) time.textContent = savedTime(time.dateTime);

for (const button of document.querySelectorAll("button[data-restore]")) {
  button.addEventListener("click", async () => {
    try {
      await restoreVersion(config.api_url, config.scenario_id, button.dataset.restore);
    } catch (error) {
      showProblems(problems, problemLines(error));
    }
  });
}
