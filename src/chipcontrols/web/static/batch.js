// Batch page: upload the order book, poll the job's progress, then show the summary and the download link.
"use strict";
(function () {
  const form = document.getElementById("batch-form");
  if (!form) { return; }
  const bar = document.getElementById("batch-progress");
  const status = document.getElementById("batch-status");
  const result = document.getElementById("batch-result");
  const summary = document.getElementById("batch-summary");
  const download = document.getElementById("batch-download");

  const table = document.getElementById("batch-table");

  function show(text) { status.textContent = text; }

  function row(label, value) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    const td = document.createElement("td");
    th.textContent = label;
    td.textContent = String(value);
    tr.append(th, td);
    table.append(tr);
  }

  function summarise(summary) {
    table.replaceChildren();
    row("rows", summary.rows);
    row("rows with errors", summary.error_rows || 0);
    const outcomes = summary.outcomes || {};
    Object.keys(outcomes).sort().forEach(function (name) { row(name.replace(/_/g, " "), outcomes[name]); });
  }

  async function poll(url, resultUrl) {
    const response = await fetch(url, { credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) { show("Error: " + (body.detail || response.status)); return; }
    const job = body.job;
    bar.value = Math.round((job.progress || 0) * 100);
    show(job.status + " — " + Math.round((job.progress || 0) * 100) + "%" +
         (job.rows_total ? " (" + job.rows_total + " rows)" : ""));
    if (job.status === "done") {
      summary.textContent = JSON.stringify(job.summary, null, 2);
      summarise(job.summary || {});
      download.href = resultUrl;
      result.hidden = false;
    } else if (job.status === "failed") {
      show("Failed: " + job.error);
    } else {
      setTimeout(function () { poll(url, resultUrl); }, 400);
    }
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    result.hidden = true;
    bar.value = 0;
    show("Uploading…");
    const response = await fetch("/api/v1/jobs", { method: "POST", body: new FormData(form), credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) { show("Error: " + (body.detail || response.status)); return; }
    poll(body.status_url, body.result_url);
  });
})();
