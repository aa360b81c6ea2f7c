/* global document, window, navigator, fetch, EventSource, FormData, MediaStream, RTCPeerConnection, URLSearchParams */
// 视频调解: the browser side of a video room (views/pages/video/room.hbs). A mesh of
// RTCPeerConnections, one per other participant; the newcomer makes the offers. Signals go
// through the app (POST …/signal, Server-Sent Events from …/events). No inline script, no
// framework: loaded as a module from /static under the strict CSP.

const root = document.getElementById("video-room");
const $ = (id) => document.getElementById(id);

if (root && $("video-join-form")) {
  const base = root.dataset.base;
  const csrf = root.dataset.csrf;
  const host = root.dataset.host === "true";
  const peers = new Map(); // peerId -> { pc, name, tile, pending: [] }
  let me = null;
  let iceServers = [];
  let local = null;
  let events = null;
  let sending = Promise.resolve();

  const post = (path, data) =>
    fetch(`${base}/${path}`, {
      method: "POST",
      headers: { "x-csrf-token": csrf, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(data),
      credentials: "same-origin",
    }).then(async (r) => {
      if (!r.ok) {
        const p = await r.json().catch(() => ({}));
        throw Object.assign(new Error(p.detail || `请求失败（${r.status}）`), { status: r.status });
      }
      return r.status === 204 ? null : r.json();
    });

  // Signals to one peer keep their order (an offer before its candidates).
  const send = (to, kind, payload) => {
    sending = sending
      .then(() => post("signal", { from: me, to, kind, payload: JSON.stringify(payload) }))
      .catch((e) => status(e.message));
    return sending;
  };

  const status = (text) => {
    $("video-status").textContent = text;
  };

  async function media() {
    const video = { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } };
    try {
      return { stream: await navigator.mediaDevices.getUserMedia({ audio: true, video }), note: "" };
    } catch {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        return { stream, note: "没有找到摄像头，您将只用声音参加。" };
      } catch {
        return { stream: new MediaStream(), note: "没有找到麦克风和摄像头，您只能听和看。" };
      }
    }
  }

  function tile(id, name, mine) {
    const fig = document.createElement("figure");
    fig.className = "video-tile";
    fig.dataset.peer = id;
    const v = document.createElement("video");
    v.autoplay = true;
    v.playsInline = true;
    if (mine) v.muted = true;
    const cap = document.createElement("figcaption");
    const label = document.createElement("span");
    label.textContent = mine ? `${name}（我）` : name;
    const state = document.createElement("span");
    state.className = "video-state";
    cap.append(label, state);
    fig.append(v, cap);
    if (host && !mine) {
      const tools = document.createElement("div");
      tools.className = "video-tile-tools";
      const mute = document.createElement("button");
      mute.type = "button";
      mute.className = "btn";
      mute.textContent = "静音";
      mute.addEventListener("click", () =>
        post("mute", { from: me, peer: id }).catch((e) => status(e.message)),
      );
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn video-danger";
      remove.textContent = "移出";
      remove.addEventListener("click", () => {
        if (window.confirm(`确定将“${name}”移出本次视频调解？`))
          post("remove", { peer: id }).catch((e) => status(e.message));
      });
      tools.append(mute, remove);
      fig.append(tools);
    }
    $("video-tiles").append(fig);
    return fig;
  }

  function connect(id, name) {
    const known = peers.get(id);
    if (known) return known;
    const pc = new RTCPeerConnection({ iceServers });
    const peer = { pc, name, tile: tile(id, name, false), pending: [] };
    peers.set(id, peer);
    for (const t of local.getTracks()) pc.addTrack(t, local);
    if (!local.getAudioTracks().length) pc.addTransceiver("audio", { direction: "recvonly" });
    if (!local.getVideoTracks().length) pc.addTransceiver("video", { direction: "recvonly" });
    pc.onicecandidate = (e) => e.candidate && send(id, "ice", e.candidate.toJSON());
    pc.ontrack = (e) => {
      const v = peer.tile.querySelector("video");
      if (v.srcObject !== e.streams[0]) v.srcObject = e.streams[0];
    };
    pc.onconnectionstatechange = () => {
      const words = { connecting: "连接中", connected: "", disconnected: "连接中断", failed: "连接失败" };
      peer.tile.querySelector(".video-state").textContent = words[pc.connectionState] ?? "";
    };
    return peer;
  }

  function drop(id) {
    const p = peers.get(id);
    if (!p) return;
    p.pc.close();
    p.tile.remove();
    peers.delete(id);
  }

  async function flush(p) {
    for (const c of p.pending.splice(0)) await p.pc.addIceCandidate(c).catch(() => {});
  }

  async function offerTo(id, name) {
    const p = connect(id, name);
    await p.pc.setLocalDescription(await p.pc.createOffer());
    await send(id, "offer", p.pc.localDescription.toJSON());
  }

  function finish(text) {
    events?.close();
    for (const id of [...peers.keys()]) drop(id);
    local?.getTracks().forEach((t) => t.stop());
    $("video-tiles").replaceChildren();
    document.querySelector(".video-controls").hidden = true;
    status(text);
  }

  async function onSignal(s) {
    const data = s.payload;
    if (s.kind === "joined") {
      status(`${data.name} 进入了视频调解`);
    } else if (s.kind === "offer") {
      const p = connect(s.fromPeer, peerName(s.fromPeer));
      await p.pc.setRemoteDescription(data);
      await flush(p);
      await p.pc.setLocalDescription(await p.pc.createAnswer());
      await send(s.fromPeer, "answer", p.pc.localDescription.toJSON());
    } else if (s.kind === "answer") {
      const p = peers.get(s.fromPeer);
      if (p) {
        await p.pc.setRemoteDescription(data);
        await flush(p);
      }
    } else if (s.kind === "ice") {
      const p = peers.get(s.fromPeer);
      if (p?.pc.remoteDescription) await p.pc.addIceCandidate(data).catch(() => {});
      else if (p) p.pending.push(data);
    } else if (s.kind === "left") {
      const name = peers.get(s.fromPeer)?.name;
      drop(s.fromPeer);
      if (name) status(`${name} 离开了视频调解`);
    } else if (s.kind === "mute") {
      setMic(false);
      status("调解员已将您静音，需要发言时请点“取消静音”。");
    } else if (s.kind === "removed") {
      finish("您已被调解员移出本次视频调解。");
    } else if (s.kind === "ended") {
      finish(host ? "本次视频调解已结束。" : "调解员已结束本次视频调解。");
      if ($("video-record")) $("video-record").hidden = false;
    }
  }

  const names = new Map();
  const peerName = (id) => names.get(id) ?? "参加人";

  function listen(after) {
    events = new EventSource(`${base}/events?peer=${encodeURIComponent(me)}&after=${after}`);
    let chain = Promise.resolve();
    events.onmessage = (e) => {
      const s = JSON.parse(e.data);
      if (s.kind === "joined") names.set(s.payload.peerId, s.payload.name);
      chain = chain.then(() => onSignal(s)).catch(() => {});
    };
  }

  function setMic(on) {
    local.getAudioTracks().forEach((t) => (t.enabled = on));
    $("video-mic").setAttribute("aria-pressed", String(!on));
    $("video-mic").textContent = on ? "静音" : "取消静音";
  }

  $("video-mic").addEventListener("click", () => {
    const on = local.getAudioTracks().some((t) => t.enabled);
    setMic(!on);
  });
  $("video-cam").addEventListener("click", () => {
    const tracks = local.getVideoTracks();
    const on = tracks.some((t) => t.enabled);
    tracks.forEach((t) => (t.enabled = !on));
    $("video-cam").setAttribute("aria-pressed", String(on));
    $("video-cam").textContent = on ? "打开画面" : "关闭画面";
  });
  $("video-leave").addEventListener("click", async () => {
    await post("leave", { peer: me }).catch(() => {});
    finish("您已离开视频调解。");
  });
  $("video-end")?.addEventListener("click", async () => {
    if (!window.confirm("确定结束本次视频调解？所有人将断开连接。")) return;
    await post("end", {}).catch((e) => status(e.message));
  });
  $("video-invite-form")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const out = $("video-invite-result");
    try {
      const r = await post("invite", { name: form.get("name"), relation: form.get("relation") });
      out.textContent = `请把这个链接发给${r.name}（只能使用一次）：${r.url}`;
    } catch (err) {
      out.textContent = err.message;
    }
    out.hidden = false;
  });

  $("video-join-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const error = $("video-join-error");
    error.hidden = true;
    if (!$("video-consent-box").checked) {
      error.textContent = "请先勾选“我已知悉并同意以上内容”";
      error.hidden = false;
      return;
    }
    const got = await media();
    local = got.stream;
    try {
      const joined = await post("join", { consent: "yes" });
      me = joined.peerId;
      iceServers = joined.iceServers;
      $("video-consent").hidden = true;
      $("video-stage").hidden = false;
      const mine = tile(me, "我", true);
      mine.querySelector("figcaption span").textContent = "我";
      mine.querySelector("video").srcObject = local;
      if (!local.getVideoTracks().length) $("video-cam").hidden = true;
      if (!local.getAudioTracks().length) $("video-mic").hidden = true;
      status(got.note || (joined.peers.length ? "正在连接…" : "等待其他人进入…"));
      listen(joined.after);
      for (const p of joined.peers) {
        names.set(p.peerId, p.name);
        await offerTo(p.peerId, p.name);
      }
    } catch (err) {
      local.getTracks().forEach((t) => t.stop());
      error.textContent = err.message;
      error.hidden = false;
    }
  });

  window.addEventListener("pagehide", () => {
    if (me) navigator.sendBeacon?.(`${base}/leave`, new URLSearchParams({ peer: me, _csrf: csrf }));
  });

  // For the page's own checks and support staff: what each remote peer's video has decoded.
  window.fengqiaoVideo = {
    async stats() {
      const out = [];
      for (const [id, p] of peers) {
        let frames = 0;
        (await p.pc.getStats()).forEach((r) => {
          if (r.type === "inbound-rtp" && r.kind === "video") frames += r.framesDecoded ?? 0;
        });
        out.push({ peerId: id, name: p.name, state: p.pc.connectionState, framesDecoded: frames });
      }
      return out;
    },
  };
}
