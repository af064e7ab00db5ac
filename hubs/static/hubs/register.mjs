// The register on a phone: one tap per person. Each tap is kept on the phone (localStorage)
// with an id of its own until the server has it, so marks made while the connection is down
// are sent when it is back, and a tap sent twice is applied once (the server keeps the ids).
const list = document.querySelector("[data-register]");
const status = document.querySelector("[data-register-status]");

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

if (list) {
  const key = `familyhub-register-${list.dataset.meeting}`;
  const url = list.dataset.marksUrl;
  const token = list.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
  const labels = { present: "Present", absent: "Absent", "": "Not marked" };
  let sending = false;

  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(key) || "[]");
    } catch {
      return [];
    }
  };
  const save = (queue) => localStorage.setItem(key, JSON.stringify(queue));

  const show = (button, mark) => {
    button.dataset.mark = mark;
    button.value = mark === "present" ? "absent" : "present";
    button.className = `fh-register__tap fh-register__tap--${mark || "unmarked"}`;
    button.querySelector("[data-mark-label]").textContent = labels[mark];
  };

  const say = (queue) => {
    if (!queue.length) status.textContent = "All marks saved.";
    else if (!navigator.onLine)
      status.textContent = `No connection: ${queue.length} mark${queue.length > 1 ? "s" : ""} kept on this phone, sent when the connection is back.`;
    else status.textContent = `Sending ${queue.length} mark${queue.length > 1 ? "s" : ""}…`;
  };

  const flush = async () => {
    const queue = load();
    say(queue);
    if (sending || !queue.length || !navigator.onLine) return;
    sending = true;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ marks: queue }),
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const answer = await response.json();
      const done = new Set([...answer.applied, ...answer.refused.map((r) => r.client_id)]);
      save(load().filter((m) => !done.has(m.client_id)));
      if (answer.refused.length) status.textContent = answer.refused[0].detail;
      else say(load());
    } catch {
      const left = load();
      status.textContent = `Not sent yet: ${left.length} mark${left.length > 1 ? "s" : ""} kept on this phone, sent when the connection is back.`;
    } finally {
      sending = false;
    }
  };

  // Marks still waiting from before (a reload while offline) show as they were tapped.
  for (const m of load()) {
    const button = list.querySelector(`button[data-enrolment="${m.enrolment}"]`);
    if (button) show(button, m.mark);
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-enrolment]");
    if (!button) return;
    event.preventDefault();
    const mark = button.dataset.mark === "present" ? "absent" : "present";  // tap: here; again: not
    show(button, mark);
    const queue = load();
    queue.push({ client_id: newId(), enrolment: Number(button.dataset.enrolment), mark });
    save(queue);
    flush();
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => say(load()));
  setInterval(() => load().length && flush(), 10000);
  flush();
}
