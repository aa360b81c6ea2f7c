/* global document, window, Image, URLSearchParams, fetch, setTimeout */
// Handwritten signature on /my/cases/{id}/agreement (src/routes/portal-agreement.ts): draw with a
// finger, a pen or a mouse (pointer events), clear, and send the drawing as a PNG data URL in the
// form's `signature` field. The SMS code button asks for the code without leaving the page, so
// the drawing is kept. No inline script: loaded as a module from /static (the CSP allows 'self').

const form = document.querySelector("[data-signature-form]");
const canvas = form?.querySelector("[data-signature-pad]");

if (form && canvas) {
  const field = form.querySelector("[data-signature-value]");
  const empty = form.querySelector("#pad-empty");
  const ctx = canvas.getContext("2d");
  let strokes = 0;
  let drawing = null;

  // Drawn at the screen's resolution (at most 2×, to keep the PNG small), shown at the box's width.
  function fit() {
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const width = canvas.clientWidth || 300;
    const height = Math.round(width * 0.4);
    const old = strokes ? canvas.toDataURL("image/png") : null;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.height = `${height}px`;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 3 * ratio;
    if (old) {
      const img = new Image();
      img.onload = () => ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      img.src = old;
    }
  }
  canvas.style.touchAction = "none";
  fit();

  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - r.left) * canvas.width) / r.width,
      y: ((e.clientY - r.top) * canvas.height) / r.height,
    };
  };

  canvas.addEventListener("pointerdown", (e) => {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    drawing = point(e);
    ctx.beginPath();
    ctx.moveTo(drawing.x, drawing.y);
    ctx.lineTo(drawing.x + 0.1, drawing.y + 0.1);
    ctx.stroke();
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    e.preventDefault();
    const p = point(e);
    ctx.beginPath();
    ctx.moveTo(drawing.x, drawing.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    drawing = p;
  });
  const end = () => {
    if (drawing) strokes++;
    drawing = null;
    if (empty) empty.hidden = true;
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);

  form.querySelector("[data-signature-clear]")?.addEventListener("click", () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    strokes = 0;
    field.value = "";
  });

  form.addEventListener("submit", (e) => {
    const to = e.submitter?.getAttribute("formaction");
    if (to) return; // the code button, handled below
    if (!strokes) {
      e.preventDefault();
      if (empty) empty.hidden = false;
      canvas.focus();
      return;
    }
    field.value = canvas.toDataURL("image/png");
  });

  // 获取验证码: asked for in the background (202 {expiresAt} or 429 {message}); a minute's wait shown.
  const button = form.querySelector("[data-code-button]");
  const status = form.querySelector("[data-code-status]");
  button?.addEventListener("click", async (e) => {
    e.preventDefault();
    const body = new URLSearchParams({
      _csrf: form.querySelector("input[name=_csrf]").value,
      purpose: button.value,
    });
    button.disabled = true;
    let wait = 60;
    try {
      const res = await fetch(button.getAttribute("formaction"), {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body,
        credentials: "same-origin",
      });
      const data = await res.json().catch(() => ({}));
      if (res.status === 202) {
        status.className = "notice";
        status.textContent = "验证码已发送到您的手机，5分钟内有效";
        form.querySelector("#f-code")?.focus();
      } else {
        status.className = "error-message";
        status.textContent = data.message || data.detail || "获取验证码失败，请稍后再试";
        wait = Number(data.retryAfterSeconds) || 5;
      }
    } catch {
      status.className = "error-message";
      status.textContent = "网络不通，请稍后再试";
      wait = 3;
    }
    const label = button.textContent;
    const tick = () => {
      if (wait <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = `${wait} 秒后可重新获取`;
      wait--;
      setTimeout(tick, 1000);
    };
    tick();
  });
}
