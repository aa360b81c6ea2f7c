/**
 * The SMS templates, in Chinese, as a typed map: each names its parameters, renders the text kept
 * in the outbox (and shown to staff), and says which parameters go to the provider (whose own
 * template, registered with the same wording, is chosen by SMS_TEMPLATE_<NAME>). Every notice but
 * the sign-in code ends with the opt-out line and respects an opt-out (src/messages/README.md).
 */
export const OPT_OUT_LINE = "回复TD退订";

interface TemplateDef<P> {
  /** Shown on the staff's outbox page. */
  label: string;
  /** The environment variable holding the provider's template code. */
  env: string;
  /** Sign-in codes are sent to anyone who asks, opted out or not, and carry no opt-out line. */
  transactional: boolean;
  render(p: P): string;
  /** The provider's template variables (all strings): what TemplateParam carries. */
  providerParams(p: P): Record<string, string>;
}

export interface TemplateParams {
  sign_in_code: { code: string };
  step_code_sign: { code: string; number: string };
  step_code_confirm: { code: string; number: string };
  invitation: { committee: string; typeName: string; url: string };
  application_accepted: { committee: string; number: string };
  application_referred: { from: string; to: string };
  application_declined: { committee: string; reason: string };
  session_scheduled: { time: string; place?: string; link?: string };
  session_cancelled: { time: string; reason: string };
  agreement_ready: { number: string; url: string };
  obligation_due: { dueOn: string; content: string };
  confirmation_decided: { court: string; result: string };
  confirmation_filed: { court: string; number: string };
  confirmation_material_requested: { court: string; request: string };
  report_received: { id: string; to: string };
  report_done: { id: string; result: string };
}

export type TemplateName = keyof TemplateParams;

const same = <P extends object>(p: P) =>
  Object.fromEntries(
    Object.entries(p)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );

// The link ends the text, with a space before it, so no character sticks to it when a phone makes it tappable.
const sessionPlace = (p: TemplateParams["session_scheduled"]) => (p.place ? `在${p.place}` : "线上视频");
const sessionLink = (p: TemplateParams["session_scheduled"]) =>
  p.place
    ? p.link
      ? `详见 ${p.link}`
      : ""
    : `届时请登录后点“进入视频调解”：${p.link ? ` ${p.link}` : "链接另行通知。"}`;

export const TEMPLATES: { [K in TemplateName]: TemplateDef<TemplateParams[K]> } = {
  sign_in_code: {
    label: "登录验证码",
    env: "SMS_TEMPLATE_SIGN_IN_CODE",
    transactional: true,
    render: (p) => `您的验证码为${p.code}，5分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。`,
    providerParams: same,
  },
  step_code_sign: {
    label: "签署调解协议验证码",
    env: "SMS_TEMPLATE_STEP_CODE_SIGN",
    transactional: true,
    render: (p) =>
      `您正在签署调解协议（案件${p.number}），验证码为${p.code}，5分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。`,
    providerParams: same,
  },
  step_code_confirm: {
    label: "申请司法确认验证码",
    env: "SMS_TEMPLATE_STEP_CODE_CONFIRM",
    transactional: true,
    render: (p) =>
      `您正在同意共同申请司法确认（案件${p.number}），验证码为${p.code}，5分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。`,
    providerParams: same,
  },
  invitation: {
    label: "对方当事人参加调解邀请",
    env: "SMS_TEMPLATE_INVITATION",
    transactional: false,
    render: (p) =>
      `${p.committee}受理了一起与您有关的${p.typeName}，请在 ${p.url} 查看并表示是否同意调解。调解自愿、不收费。`,
    providerParams: same,
  },
  application_accepted: {
    label: "申请已受理",
    env: "SMS_TEMPLATE_APPLICATION_ACCEPTED",
    transactional: false,
    render: (p) => `您的调解申请已由${p.committee}受理，案件编号${p.number}。调解员会尽快与您联系。`,
    providerParams: same,
  },
  application_referred: {
    label: "申请已移送",
    env: "SMS_TEMPLATE_APPLICATION_REFERRED",
    transactional: false,
    render: (p) => `您的调解申请已由${p.from}移送给${p.to}办理，请留意后续通知。`,
    providerParams: same,
  },
  application_declined: {
    label: "申请不予受理",
    env: "SMS_TEMPLATE_APPLICATION_DECLINED",
    transactional: false,
    render: (p) =>
      `${p.committee}对您的调解申请决定不予受理，原因：${p.reason}。您还可以通过诉讼等其他途径解决。`,
    providerParams: same,
  },
  session_scheduled: {
    label: "调解时间通知",
    env: "SMS_TEMPLATE_SESSION_SCHEDULED",
    transactional: false,
    render: (p) => `您的纠纷定于${p.time}${sessionPlace(p)}调解，请准时参加。${sessionLink(p)}`,
    providerParams: (p) =>
      same({ time: p.time, place: sessionPlace(p).replace(/^在/, ""), link: sessionLink(p) || undefined }),
  },
  session_cancelled: {
    label: "调解取消通知",
    env: "SMS_TEMPLATE_SESSION_CANCELLED",
    transactional: false,
    render: (p) => `原定于${p.time}的调解已取消，原因：${p.reason}。调解员会另行与您约定时间。`,
    providerParams: same,
  },
  agreement_ready: {
    label: "调解协议待签署",
    env: "SMS_TEMPLATE_AGREEMENT_READY",
    transactional: false,
    render: (p) => `您的纠纷（${p.number}）调解协议已拟好，请登录 ${p.url} 核对内容并签名确认。`,
    providerParams: same,
  },
  obligation_due: {
    label: "履行期限提醒",
    env: "SMS_TEMPLATE_OBLIGATION_DUE",
    transactional: false,
    render: (p) => `提醒：按调解协议，您应于${p.dueOn}前履行：${p.content}。如有困难，请及时联系调解委员会。`,
    providerParams: same,
  },
  confirmation_decided: {
    label: "司法确认结果",
    env: "SMS_TEMPLATE_CONFIRMATION_DECIDED",
    transactional: false,
    render: (p) => `${p.court}已对您的司法确认申请作出裁定：${p.result}。详情请登录枫桥调解查看。`,
    providerParams: same,
  },
  confirmation_filed: {
    label: "司法确认申请已立案",
    env: "SMS_TEMPLATE_CONFIRMATION_FILED",
    transactional: false,
    render: (p) =>
      `${p.court}已受理您的司法确认申请，案号${p.number}，将在15日内作出裁定。详情请登录枫桥调解查看。`,
    providerParams: same,
  },
  confirmation_material_requested: {
    label: "法院要求补充材料",
    env: "SMS_TEMPLATE_CONFIRMATION_MATERIAL_REQUESTED",
    transactional: false,
    render: (p) => `${p.court}审查您的司法确认申请，要求补充材料：${p.request}。调解委员会将与您联系。`,
    providerParams: same,
  },
  report_received: {
    label: "网格上报已转办",
    env: "SMS_TEMPLATE_REPORT_RECEIVED",
    transactional: false,
    render: (p) => `您反映的问题（编号${p.id}）已由综治中心转交${p.to}办理，请留意后续通知。`,
    providerParams: same,
  },
  report_done: {
    label: "网格上报已办结",
    env: "SMS_TEMPLATE_REPORT_DONE",
    transactional: false,
    render: (p) => `您反映的问题（编号${p.id}）已办结：${p.result}。请登录枫桥调解查看并评价。`,
    providerParams: same,
  },
};

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

/** The text as stored and sent: the rendered template, with the opt-out line for notices. */
export function renderMessage<K extends TemplateName>(template: K, params: TemplateParams[K]): string {
  const def = TEMPLATES[template] as TemplateDef<TemplateParams[K]>;
  const text = def.render(params);
  if (def.transactional) return text;
  // A text ending in a link gets a space before the opt-out words, or a phone makes them part of the link.
  return /https?:\/\/\S+$/.test(text) ? `${text} ${OPT_OUT_LINE}` : `${text}${OPT_OUT_LINE}`;
}

export function providerParams<K extends TemplateName>(template: K, params: TemplateParams[K]): string {
  const def = TEMPLATES[template] as TemplateDef<TemplateParams[K]>;
  return JSON.stringify(def.providerParams(params));
}

/** The templates carrying a one-time code, whose digits are masked. */
const CODE_TEMPLATES: string[] = ["sign_in_code", "step_code_sign", "step_code_confirm"];

/** The text with the digits of a sign-in code hidden (production pages and API, logs). */
export function maskCodes(template: string, text: string): string {
  if (!CODE_TEMPLATES.includes(template)) return text;
  // Only the code: the case number (digits after a year and a letter) stays readable.
  return text.replace(/验证码为(\d{4,8})/g, (_m, d: string) => `验证码为${"*".repeat(d.length)}`);
}
