// Study Buddy pages: one small script, no framework, no build step. Every call goes to the public /api/v1 API;
// the sign-in rides on an HttpOnly cookie the script never sees, and state-changing calls carry the CSRF token.
// Text from users and their material is only ever set with textContent (uploads are hostile).
"use strict";
(() => {
  const API = "/api/v1";
  const FINAL = ["completed", "failed"];
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  class ApiError extends Error {
    constructor(status, type, message, retryAfter) {
      super(message);
      Object.assign(this, { status, type, retryAfter });
    }
  }

  function retryAfterSeconds(response) {
    const seconds = parseInt(response.headers.get("Retry-After") || "", 10);
    return Number.isFinite(seconds) && seconds >= 0 ? seconds : 2;
  }

  function csrfToken() {
    const meta = $('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // One request. Told 429, an idempotent one (a read, saving an answer, the position, a flag) waits as long as
  // Retry-After says and tries again, three times at most; a 429 is refused before anything was done.
  async function api(method, path, body) {
    for (let tries = 0; ; tries++) {
      const headers = { Accept: "application/json", "X-CSRF-Token": csrfToken() };
      let payload;
      if (body instanceof FormData) payload = body;
      else if (body !== undefined) {
        headers["Content-Type"] = "application/json";
        payload = JSON.stringify(body);
      }
      let response;
      try {
        response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
      } catch (_) {
        throw new ApiError(0, "NetworkError", "Could not reach Study Buddy. Check your connection and try again.");
      }
      // A POST carrying a request id (grading a card) is idempotent too: the server answers a repeat once.
      const idempotent = ["GET", "PUT", "DELETE"].includes(method) || Boolean(body && body.request_id);
      if (response.status === 429 && idempotent && tries < 3) {
        await sleep(retryAfterSeconds(response) * 1000);
        continue;
      }
      const data = await response.json().catch(() => ({}));
      if (response.ok) return data;
      const error = data.error || {};
      if (response.status === 401 && !path.startsWith(`${API}/auth/`) && path !== "/session") {
        // The sign-in ended (expired, or signed out on another device): come back here after signing in again.
        location.assign(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
      }
      let message = error.message || `Something went wrong (error ${response.status}). Please try again.`;
      if (response.status === 413) message = error.message || "That is too large to upload.";
      throw new ApiError(response.status, error.type, message, retryAfterSeconds(response));
    }
  }

  // Builds an element; strings become text nodes, so material never turns into markup.
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function say(target, text, kind = "error") {
    const node = typeof target === "string" ? document.getElementById(target) : target;
    if (!node) return;
    node.textContent = text || "";
    node.dataset.kind = kind;
  }

  function busy(button, isBusy, label) {
    if (!button) return;
    if (isBusy) {
      button.dataset.label = button.textContent;
      button.textContent = label || "Please wait…";
    } else if (button.dataset.label) button.textContent = button.dataset.label;
    button.disabled = isBusy;
  }

  function confirmDialog(title, text, okLabel) {
    const dialog = $("#confirm-dialog");
    say("confirm-title", title, "info");
    say("confirm-text", text, "info");
    $("#confirm-ok").textContent = okLabel;
    dialog.returnValue = "";
    dialog.showModal(); // focus starts on Cancel: the safe choice
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    });
  }

  function safeNext(next) {
    return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
  }

  function fieldValue(form, name) {
    const field = form.elements[name];
    return field ? field.value.trim() : "";
  }

  // The token from register or login goes straight into the HttpOnly cookie and is not kept by the page.
  async function keepSignIn(auth, next) {
    await api("POST", "/session", { access_token: auth.access_token });
    location.assign(safeNext(next));
  }

  function onSubmit(form, handler) {
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = $('button[type="submit"]', form);
      const message = $$(".message", form).pop(); // the form's own message sits last, under its button
      say(message, "");
      busy(button, true);
      try {
        await handler(form, message);
      } catch (error) {
        say(message, error.message || String(error));
      } finally {
        busy(button, false);
      }
    });
  }

  // ---- sign in, sign up, password reset -------------------------------------------------------------------
  function initSignIn() {
    onSubmit($("#signin-form"), async (form) => {
      const mobile = fieldValue(form, "mobile");
      const password = form.elements.password.value;
      if (!mobile || !password) throw new Error("Enter your mobile number and password.");
      const auth = await api("POST", `${API}/auth/login`, { mobile, password });
      await keepSignIn(auth, form.dataset.next);
    });
  }

  function initOtpStep(nextForm) {
    const otpForm = $("#otp-form");
    onSubmit(otpForm, async (form, message) => {
      const mobile = fieldValue(form, "mobile");
      if (!mobile) throw new Error("Enter your mobile number.");
      const sent = await api("POST", `${API}/auth/send-otp`, { mobile, purpose: form.dataset.purpose });
      const minutes = Math.max(1, Math.round((sent.expires_in || 300) / 60));
      say(message, `We sent a code by SMS to ${mobile}. It works for ${minutes} minutes.`, "info");
      $("#send-otp").textContent = "Send a new code";
      nextForm.hidden = false;
      $("#otp", nextForm).focus();
    });
    return () => fieldValue(otpForm, "mobile");
  }

  function matchingPasswords(form) {
    const password = form.elements.password.value;
    if (password.length < 8) throw new Error("Choose a password of at least 8 characters.");
    if (password !== form.elements.password2.value) throw new Error("The two passwords differ; type them again.");
    return password;
  }

  function initSignUp() {
    const registerForm = $("#register-form");
    const mobile = initOtpStep(registerForm);
    onSubmit(registerForm, async (form) => {
      const otp = fieldValue(form, "otp");
      if (!otp) throw new Error("Enter the code from the SMS.");
      const password = matchingPasswords(form);
      const auth = await api("POST", `${API}/auth/register`, { mobile: mobile(), password, otp });
      await keepSignIn(auth, "/");
    });
  }

  function initReset() {
    const resetForm = $("#reset-form");
    const mobile = initOtpStep(resetForm);
    onSubmit(resetForm, async (form, message) => {
      const otp = fieldValue(form, "otp");
      if (!otp) throw new Error("Enter the code from the SMS.");
      const password = matchingPasswords(form);
      const done = await api("POST", `${API}/auth/reset-password`, { mobile: mobile(), otp, new_password: password });
      say(message, `${done.message} Taking you to sign in…`, "info");
      await sleep(1200);
      location.assign("/signin");
    });
  }

  // ---- profile ----------------------------------------------------------------------------------------------
  async function forgetSignIn() {
    await api("DELETE", "/session").catch(() => {});
  }

  function initProfile() {
    onSubmit($("#profile-form"), async (form, message) => {
      const changes = {
        notify_on_completion: form.elements.notify_on_completion.checked,
        notify_on_error: form.elements.notify_on_error.checked,
      };
      const name = fieldValue(form, "name");
      const email = fieldValue(form, "email");
      if (name) changes.name = name;
      if (email) changes.email = email;
      await api("PATCH", `${API}/users/me`, changes);
      say(message, "Saved.", "info");
    });
    $("#sign-out").addEventListener("click", async () => {
      await api("POST", `${API}/auth/logout`).catch(() => {});
      await forgetSignIn();
      location.assign("/signin");
    });
    onSubmit($("#delete-account-form"), async (form) => {
      const password = form.elements.password.value;
      if (!password) throw new Error("Enter your password to delete your account.");
      const sure = await confirmDialog(
        "Delete your account?",
        "Your account, every study session, result and uploaded file will be erased. This cannot be undone.",
        "Delete everything",
      );
      if (!sure) return;
      await api("DELETE", `${API}/users/me`, { password });
      await forgetSignIn();
      location.assign("/signup");
    });
  }

  // ---- add material -----------------------------------------------------------------------------------------
  function megabytes(bytes) {
    return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  }

  function initAdd() {
    const form = $("#add-form");
    const limits = {
      files: parseInt(form.dataset.maxFiles, 10),
      size: parseInt(form.dataset.maxFileSize, 10),
      text: parseInt(form.dataset.maxTextChars, 10),
      allowed: form.dataset.allowed.split(","),
    };
    const chosen = [];
    const list = $("#file-list");
    const fileMessage = $("#file-message");

    function render() {
      list.replaceChildren(
        ...chosen.map((file, index) =>
          el(
            "li",
            {},
            el("span", { text: `${file.name} (${megabytes(file.size)})` }),
            el("button", {
              type: "button",
              className: "secondary small",
              "aria-label": `Remove ${file.name}`,
              text: "Remove",
              onclick: () => {
                chosen.splice(index, 1);
                render();
              },
            }),
          ),
        ),
      );
    }

    // The server checks everything again by content; this only says early, in plain words, what it would refuse.
    function add(files) {
      const refusals = [];
      for (const file of files) {
        const extension = (file.name.split(".").pop() || "").toLowerCase();
        const isPhoto = file.type.startsWith("image/") && ["jpg", "jpeg", "png", "webp"].some((t) => limits.allowed.includes(t));
        if (!limits.allowed.includes(extension) && !isPhoto) {
          refusals.push(`${file.name}: this kind of file cannot be read (use ${limits.allowed.join(", ").toUpperCase()}).`);
        } else if (file.size > limits.size) {
          refusals.push(`${file.name} is ${megabytes(file.size)}; each file can be at most ${megabytes(limits.size)}.`);
        } else if (file.size === 0) {
          refusals.push(`${file.name} is empty.`);
        } else if (chosen.length >= limits.files) {
          refusals.push(`${file.name}: at most ${limits.files} files at a time.`);
        } else {
          chosen.push(file);
        }
      }
      say(fileMessage, refusals.join(" "));
      render();
    }

    for (const input of [$("#files"), $("#camera")]) {
      input.addEventListener("change", () => {
        add([...input.files]);
        input.value = "";
      });
    }
    const zone = $("#drop-zone");
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("dragging");
      add([...event.dataTransfer.files]);
    });

    onSubmit(form, async () => {
      const name = fieldValue(form, "session_name");
      const text = form.elements.text.value;
      let created;
      if (chosen.length) {
        const body = new FormData();
        for (const file of chosen) body.append("files", file, file.name);
        if (name) body.append("session_name", name);
        created = await api("POST", `${API}/upload/`, body);
      } else if (text.trim()) {
        if (text.length > limits.text) {
          throw new Error(`The text is ${text.length.toLocaleString()} characters; the limit is ${limits.text.toLocaleString()}.`);
        }
        created = await api("POST", `${API}/text-input/`, name ? { text, session_name: name } : { text });
      } else {
        throw new Error("Choose a file, take a photo of a page, or paste some text first.");
      }
      location.assign(`/sessions/${encodeURIComponent(created.session_id)}`);
    });
  }

  // ---- progress: the live WebSocket, polling when it is unavailable ----------------------------------------
  function initProgress() {
    const box = $("#progress");
    const id = box.dataset.sessionId;
    let finished = FINAL.includes(box.dataset.status);

    function show(status) {
      $("#progress-bar").value = status.progress;
      $("#progress-bar").textContent = `${status.progress} %`;
      say("progress-percent", `${status.progress} %`, "info");
      say("progress-step", status.current_step, "info");
      let eta = "";
      if (!FINAL.includes(status.status) && status.estimated_completion) {
        const seconds = Math.round((Date.parse(status.estimated_completion) - Date.now()) / 1000);
        eta = seconds > 90 ? `About ${Math.round(seconds / 60)} minutes left.` : "Less than a minute or two left.";
      }
      say("progress-eta", eta, "info");
      if (status.status === "completed") {
        $("#progress-done").hidden = false;
        $("#open-results").focus();
      } else if (status.status === "failed") {
        say("failure-reason", status.error || "", "error");
        $("#progress-failed").hidden = false;
      }
      finished = FINAL.includes(status.status);
    }

    async function poll() {
      while (!finished) {
        try {
          show(await api("GET", `${API}/upload/status/${encodeURIComponent(id)}`));
        } catch (error) {
          say("progress-eta", `${error.message} Trying again…`, "error");
          await sleep((error.retryAfter || 3) * 1000);
          continue;
        }
        if (!finished) await sleep(1500);
      }
    }

    if (finished) return;
    if (!("WebSocket" in window)) {
      poll();
      return;
    }
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}${API}/ws/sessions/${encodeURIComponent(id)}`);
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      if (!data.error) show(data);
    });
    socket.addEventListener("close", () => {
      if (!finished) poll();
    });
  }

  // ---- results: practice one at a time or as a list, answer then reveal ------------------------------------
  function initResults() {
    const list = $("#question-list");
    if (!list) return;
    const items = $$(":scope > li", list);
    for (const item of items) {
      const check = $(".check-answer", item);
      check.hidden = false;
      check.disabled = true;
      for (const radio of $$('input[type="radio"]', item)) radio.addEventListener("change", () => (check.disabled = false));
      check.addEventListener("click", () => {
        const chosen = $('input[type="radio"]:checked', item);
        if (!chosen) return;
        const correct = item.dataset.correct;
        for (const option of $$(".option", item)) {
          const value = $("input", option).value;
          option.classList.toggle("correct", value === correct);
          option.classList.toggle("incorrect", value === chosen.value && value !== correct);
        }
        say($(".feedback", item), chosen.value === correct ? "Correct!" : `Not quite: the answer is ${correct}.`,
          chosen.value === correct ? "good" : "error");
        $("details", item).open = true;
      });
    }
    const switcher = $("#view-switch");
    const stepper = $("#question-stepper");
    const one = $("#show-one");
    const all = $("#show-all");
    let current = 0;
    let oneAtATime = false;
    function layout() {
      items.forEach((item, index) => (item.hidden = oneAtATime && index !== current));
      stepper.hidden = !oneAtATime;
      one.setAttribute("aria-pressed", String(oneAtATime));
      all.setAttribute("aria-pressed", String(!oneAtATime));
      $("#prev-question").disabled = current === 0;
      $("#next-question").disabled = current === items.length - 1;
      say("question-position", oneAtATime ? `Question ${current + 1} of ${items.length}` : "", "info");
    }
    function go(index) {
      current = Math.max(0, Math.min(items.length - 1, index));
      layout();
      $("legend", items[current]).scrollIntoView({ block: "nearest" });
    }
    switcher.hidden = false;
    one.addEventListener("click", () => {
      oneAtATime = true;
      go(current);
    });
    all.addEventListener("click", () => {
      oneAtATime = false;
      layout();
    });
    $("#prev-question").addEventListener("click", () => go(current - 1));
    $("#next-question").addEventListener("click", () => go(current + 1));
    layout();
  }

  // ---- mock tests -------------------------------------------------------------------------------------------
  function initTestStart() {
    const box = $("#test-start");
    const testId = encodeURIComponent(box.dataset.testId);
    const button = $("#start-test");
    button.addEventListener("click", async () => {
      busy(button, true, "Starting…");
      say("form-message", "");
      try {
        const scheme = $('input[name="marking_scheme"]:checked', box);
        if (scheme) await api("PATCH", `${API}/mock-tests/${testId}`, { marking_scheme: scheme.value });
        let attemptId;
        try {
          attemptId = (await api("POST", `${API}/mock-tests/${testId}/attempts`)).attempt_id;
        } catch (error) {
          if (error.status !== 409) throw error;
          const open = (await api("GET", `${API}/mock-tests/${testId}/attempts`)).attempts.find((a) => a.status === "in_progress");
          if (!open) throw error;
          attemptId = open.attempt_id; // an attempt is already running: carry on with it
        }
        location.assign(`/attempts/${encodeURIComponent(attemptId)}`);
      } catch (error) {
        say("form-message", error.message);
        busy(button, false);
      }
    });
  }

  function clock(seconds) {
    const s = Math.max(0, seconds);
    const hours = Math.floor(s / 3600);
    const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
    const ss = String(s % 60).padStart(2, "0");
    return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
  }

  function sourceBlock(source) {
    if (!source || !source.excerpt) return null;
    const where = `Source: ${source.file || "your text"}${source.page ? `, page ${source.page}` : ""}`;
    return el("blockquote", { className: "source" }, el("p", { text: source.excerpt }), el("footer", { text: where }));
  }

  function analyticsTable(caption, groups, heading) {
    const rows = Object.entries(groups || {});
    if (!rows.length) return null;
    return el(
      "div",
      { className: "table-scroll" },
      el(
        "table",
        {},
        el("caption", { text: caption }),
        el("thead", {}, el("tr", {}, [heading, "Questions", "Right", "Wrong", "Unanswered", "Accuracy"].map((h) => el("th", { scope: "col", text: h })))),
        el(
          "tbody",
          {},
          rows.map(([name, t]) =>
            el("tr", {}, el("th", { scope: "row", text: name }), [t.total, t.correct, t.incorrect, t.unanswered, `${t.accuracy} %`].map((v) => el("td", { text: v }))),
          ),
        ),
      ),
    );
  }

  function renderResult(root, view) {
    const result = view.result;
    const byId = Object.fromEntries((view.questions || []).map((q) => [q.id, q]));
    const scheme = result.marking_scheme || {};
    const schemeName = scheme.name === "neet_pg" ? "NEET-PG" : "Standard";
    const minutes = Math.floor(result.time_taken / 60);
    const heading = el("h2", { id: "score-h", tabindex: "-1", text: "Your score" });
    const analytics = result.performance_analytics || {};
    const review = result.question_results.map((r, index) => {
      const question = byId[r.question_id] || { question_text: "", options: [] };
      const outcome = r.user_answer == null ? "Not answered" : r.is_correct ? "Right" : "Wrong";
      return el(
        "li",
        { className: `card review ${r.user_answer == null ? "unanswered" : r.is_correct ? "right" : "wrong"}` },
        el("p", { className: "question-text" }, el("strong", { text: `Q${index + 1}. ` }), question.question_text),
        el(
          "ul",
          { className: "review-options" },
          question.options.map((o) =>
            el(
              "li",
              { className: o.label === r.correct_answer ? "correct" : o.label === r.user_answer ? "incorrect" : "" },
              `${o.label}. ${o.text}`,
              o.label === r.correct_answer ? el("strong", { text: " — correct answer" }) : null,
              o.label === r.user_answer ? el("em", { text: " — your answer" }) : null,
            ),
          ),
        ),
        el("p", { className: "outcome" }, el("strong", { text: outcome }), r.marked_for_review ? " · you flagged this one" : ""),
        el("p", { className: "explanation", text: r.explanation }),
        sourceBlock(r.source),
      );
    });
    root.replaceChildren(
      el(
        "section",
        { className: "card score", "aria-labelledby": "score-h" },
        heading,
        el("p", { className: "big", id: "score-line", text: `${result.score} / ${result.total_questions} right (${result.percentage} %)` }),
        el("p", { id: "marks-line", text: `Marks: ${result.marks} of ${result.total_marks} — ${schemeName} marking: +${scheme.correct} right, ${scheme.wrong} wrong, ${scheme.unanswered || 0} unanswered.` }),
        el("p", { text: `Answered ${analytics.attempted ?? "?"}, unanswered ${analytics.unanswered ?? "?"}. Time taken: ${minutes} min ${Math.round(result.time_taken % 60)} s.${view.auto_submitted ? " Submitted automatically when time ran out." : ""}` }),
        el("p", {}, el("a", { className: "button secondary", href: `/tests/${encodeURIComponent(view.test_id)}`, text: "Take it again" })),
      ),
      el(
        "section",
        { "aria-labelledby": "analytics-h" },
        el("h2", { id: "analytics-h", text: "How you did" }),
        analyticsTable("By difficulty", analytics.by_difficulty, "Difficulty"),
        analyticsTable("By subject", analytics.by_subject, "Subject"),
      ),
      el("section", { "aria-labelledby": "review-h" }, el("h2", { id: "review-h", text: "Review every answer" }), el("ol", { className: "reviews" }, review)),
    );
    heading.focus();
  }

  async function initAttempt() {
    const root = $("#attempt");
    const attemptId = encodeURIComponent(root.dataset.attemptId);
    const base = `${API}/attempts/${attemptId}`;
    let view;
    try {
      view = await api("GET", base);
    } catch (error) {
      say("attempt-loading", error.message);
      return;
    }
    if (view.status !== "in_progress") {
      renderResult(root, view);
      return;
    }
    const questions = view.questions;
    const answers = { ...view.answers };
    const flagged = new Set(view.marked_for_review);
    let current = Math.max(0, Math.min(questions.length - 1, view.current_question || 0));
    const deadline = Date.now() + view.remaining_seconds * 1000; // the server's clock, not this device's
    let saving = Promise.resolve();
    let over = false;

    const message = el("p", { className: "message", role: "alert", id: "test-message" });
    // Saves run one after another, so submitting waits for every answer already given.
    function save(method, path, body) {
      saving = saving.then(() => api(method, path, body)).catch((error) => {
        if (error.status === 409) finish(true);
        else say(message, `${error.message} Your last change may not be saved.`);
      });
    }

    const timer = el("p", { className: "timer", id: "timer", role: "timer", "aria-label": "Time left" });
    const answeredCount = el("p", { id: "answered-count", "aria-live": "polite" });
    const legend = el("legend", { id: "question-legend", tabindex: "-1" });
    const options = el("div", { className: "options" });
    const meta = el("p", { className: "tags" });
    const prev = el("button", { type: "button", className: "secondary", id: "prev", text: "Previous", onclick: () => go(current - 1) });
    const next = el("button", { type: "button", id: "next", text: "Next", onclick: () => go(current + 1) });
    const flag = el("button", { type: "button", className: "secondary", id: "flag", "aria-pressed": "false", text: "Flag for review", onclick: toggleFlag });
    const clear = el("button", { type: "button", className: "secondary", id: "clear", text: "Clear answer", onclick: clearAnswer });
    const palette = el("ol", { className: "palette" });
    const submit = el("button", { type: "button", id: "submit-test", className: "danger", text: "Submit the test", onclick: confirmSubmit });

    root.replaceChildren(
      el("div", { className: "test-bar" }, timer, answeredCount),
      el(
        "section",
        { className: "card test-question", "aria-labelledby": "question-legend" },
        el("fieldset", {}, legend, options),
        meta,
        el("div", { className: "actions" }, prev, flag, clear, next),
      ),
      el(
        "nav",
        { "aria-label": "Question palette" },
        el("h2", { text: "Questions" }),
        palette,
        el("p", { className: "hint", text: "Filled: answered · outlined: unanswered · ⚑ flagged for review." }),
      ),
      submit,
      message,
    );

    function renderPalette() {
      palette.replaceChildren(
        ...questions.map((q, index) => {
          const answered = q.id in answers;
          const isFlagged = flagged.has(q.id);
          const state = `${answered ? "answered" : "unanswered"}${isFlagged ? ", flagged" : ""}`;
          return el(
            "li",
            {},
            el("button", {
              type: "button",
              className: `${answered ? "answered" : "unanswered"}${isFlagged ? " flagged" : ""}`,
              "aria-label": `Question ${index + 1}: ${state}`,
              "aria-current": index === current ? "step" : null,
              text: `${index + 1}${isFlagged ? " ⚑" : ""}`,
              onclick: () => go(index, true),
            }),
          );
        }),
      );
      const done = Object.keys(answers).length;
      answeredCount.textContent = `${done} of ${questions.length} answered · ${flagged.size} flagged`;
    }

    function renderQuestion() {
      const q = questions[current];
      legend.textContent = `Question ${current + 1} of ${questions.length}: ${q.question_text}`;
      options.replaceChildren(
        ...q.options.map((o) =>
          el(
            "label",
            { className: "option" },
            el("input", {
              type: "radio",
              name: "answer",
              value: o.label,
              checked: answers[q.id] === o.label,
              onchange: () => choose(q, o.label),
            }),
            el("span", { className: "label", text: `${o.label}.` }),
            el("span", { className: "option-text", text: o.text }),
          ),
        ),
      );
      meta.textContent = [q.difficulty, q.subject].filter(Boolean).join(" · ");
      flag.setAttribute("aria-pressed", String(flagged.has(q.id)));
      flag.textContent = flagged.has(q.id) ? "Flagged ⚑ (unflag)" : "Flag for review";
      prev.disabled = current === 0;
      next.disabled = current === questions.length - 1;
      renderPalette();
    }

    function go(index, fromPalette = false) {
      if (index < 0 || index >= questions.length || over) return;
      current = index;
      renderQuestion();
      legend.focus(); // the question is read out after moving; keyboard users continue into its options
      if (fromPalette) legend.scrollIntoView({ block: "start" });
      save("PUT", `${base}/position`, { current_question: current });
    }

    function choose(q, label) {
      answers[q.id] = label;
      renderPalette();
      save("PUT", `${base}/answers/${encodeURIComponent(q.id)}`, { answer: label });
    }

    function clearAnswer() {
      const q = questions[current];
      if (!(q.id in answers)) return;
      delete answers[q.id];
      renderQuestion();
      save("DELETE", `${base}/answers/${encodeURIComponent(q.id)}`);
    }

    function toggleFlag() {
      const q = questions[current];
      const marked = !flagged.has(q.id);
      if (marked) flagged.add(q.id);
      else flagged.delete(q.id);
      renderQuestion();
      flag.focus();
      save("PUT", `${base}/review/${encodeURIComponent(q.id)}`, { marked });
    }

    async function finish(timedOut) {
      if (over) return;
      over = true;
      clearInterval(ticking);
      await saving;
      try {
        await api("POST", `${base}/submit`);
        renderResult(root, await api("GET", base));
        if (timedOut) root.prepend(el("p", { className: "notice", role: "alert", text: "Time is up: your test was submitted with the answers you gave." }));
      } catch (error) {
        over = false;
        say(message, `${error.message} Press Submit to try again.`);
      }
    }

    async function confirmSubmit() {
      const unanswered = questions.length - Object.keys(answers).length;
      const sure = await confirmDialog(
        "Submit the test?",
        `You answered ${questions.length - unanswered} of ${questions.length} questions` +
          `${unanswered ? ` (${unanswered} unanswered)` : ""}${flagged.size ? ` and flagged ${flagged.size} for review` : ""}. ` +
          "You cannot change your answers after submitting.",
        "Submit",
      );
      if (sure) finish(false);
    }

    let warned = false;
    function tick() {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      timer.textContent = `Time left ${clock(left)}`;
      timer.classList.toggle("low", left <= 300);
      if (left <= 300 && left > 0 && !warned && questions.length) {
        warned = true; // said once, politely: a timer read out every second would drown the questions
        say(answeredCount, `${Math.ceil(left / 60)} minutes left. ${answeredCount.textContent}`, "info");
      }
      if (left === 0) finish(true);
    }

    renderQuestion();
    const ticking = setInterval(tick, 1000);
    tick();
  }

  // ---- history ----------------------------------------------------------------------------------------------
  function initHistory() {
    for (const button of $$(".delete-session")) {
      button.addEventListener("click", async () => {
        const name = button.dataset.sessionName;
        const sure = await confirmDialog(
          "Delete this session?",
          `“${name}” and all its questions, tests, mnemonics and notes will be deleted. This cannot be undone.`,
          "Delete",
        );
        if (!sure) return;
        try {
          await api("DELETE", `${API}/history/sessions/${encodeURIComponent(button.dataset.sessionId)}`);
          button.closest("li").remove();
          say("history-message", `Deleted “${name}”.`, "info");
          $("#q").focus();
        } catch (error) {
          say("history-message", error.message);
        }
      });
    }
  }

  // ---- revise: the due queue, one card at a time ------------------------------------------------------------
  const GRADES = [
    ["again", "Again"],
    ["hard", "Hard"],
    ["good", "Good"],
    ["easy", "Easy"],
  ];

  // Works on plain http too (crypto.randomUUID needs a secure context).
  function requestId() {
    return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  function initRevise() {
    const root = $("#revise");
    const heading = $("#card-h");
    const message = el("p", { className: "message", id: "revise-message", role: "alert" });
    let queue = [];
    let card = null;
    let reviewId = "";
    let grading = false;

    async function refreshStats() {
      const stats = await api("GET", `${API}/reviews/stats`);
      say("due-today", String(stats.due_today), "info");
      say("reviewed-today", String(stats.reviewed_today), "info");
      say("streak-days", `${stats.streak_days} ${stats.streak_days === 1 ? "day" : "days"}`, "info");
    }

    function where(source) {
      if (!source) return null;
      const text = `Source: ${source.file || "your text"}${source.page ? `, page ${source.page}` : ""}`;
      return el("p", { className: "card-source", text });
    }

    function showFront() {
      // One id per card shown: a double tap, or tapping again after a lost connection, is one review.
      reviewId = requestId();
      const reveal = el("button", { type: "button", id: "show-answer", text: "Show answer", onclick: showBack });
      root.replaceChildren(
        heading,
        el("p", { className: "hint", id: "card-count", text: `${queue.length + 1} left in this round` }),
        el("div", { className: "card-face", id: "card-front" }, el("h3", { text: "Question" }), el("p", { text: card.front })),
        el("div", { className: "actions" }, reveal),
        message,
      );
      reveal.focus();
    }

    function showBack() {
      const back = el(
        "div",
        { className: "card-face", id: "card-back", tabindex: "-1" },
        el("h3", { text: "Answer" }),
        el("p", { text: card.back }),
        where(card.source),
        card.source && card.source.excerpt ? el("blockquote", { className: "source" }, el("p", { text: card.source.excerpt })) : null,
      );
      const buttons = GRADES.map(([rating, label], index) =>
        el("button", {
          type: "button",
          className: rating === "again" ? "secondary grade" : "grade",
          "data-rating": rating,
          "aria-keyshortcuts": String(index + 1),
          text: `${label} (${index + 1})`,
          onclick: () => grade(rating),
        }),
      );
      $("#show-answer", root).parentElement.replaceWith(
        back,
        el("div", { className: "actions grades", role: "group", "aria-label": "How well did you remember?" }, buttons),
        el("p", { className: "hint", text: "Keys 1–4 grade the card: Again, Hard, Good, Easy." }),
      );
      back.focus();
    }

    async function grade(rating) {
      if (!card || grading) return;
      grading = true;
      $$(".grade", root).forEach((b) => (b.disabled = true));
      say(message, "");
      try {
        await api("POST", `${API}/reviews/${encodeURIComponent(card.card_id)}`, { rating, request_id: reviewId });
        await refreshStats().catch(() => {});
        await next();
        heading.focus(); // the next card (or the end) is read out from the top
      } catch (error) {
        say(message, `${error.message} Your grade was not saved; choose again.`);
        $$(".grade", root).forEach((b) => (b.disabled = false));
      } finally {
        grading = false;
      }
    }

    async function next() {
      if (!queue.length) queue = (await api("GET", `${API}/reviews/due?limit=50`)).cards;
      card = queue.shift() || null;
      if (card) {
        showFront();
        return;
      }
      root.replaceChildren(
        heading,
        el("p", { className: "big", id: "all-done", text: "All done for today" }),
        el("p", {}, "Add material to get new cards, or ", el("a", { href: "/history", text: "open a past session" }), "."),
        message,
      );
    }

    document.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest("input, textarea, select")) return;
      const index = "1234".indexOf(event.key);
      if (index < 0 || !$(".grade", root)) return;
      event.preventDefault();
      grade(GRADES[index][0]);
    });

    next().catch((error) => {
      root.replaceChildren(heading, message);
      say(message, error.message);
    });
  }

  const pages = {
    revise: initRevise,
    signin: initSignIn,
    signup: initSignUp,
    reset: initReset,
    profile: initProfile,
    add: initAdd,
    progress: initProgress,
    results: initResults,
    test: initTestStart,
    attempt: initAttempt,
    history: initHistory,
  };
  const start = pages[document.body.dataset.page];
  if (start) start();
})();
