import { createHmac, randomUUID } from "node:crypto";
import type { SmsConfig } from "./config.js";
import type { OutboxMessage } from "./outbox-repository.js";
import type { SmsTransport } from "./transports.js";
import { isTemplateName, providerParams, type TemplateName, type TemplateParams } from "./templates.js";

/**
 * Alibaba Cloud SMS, SendSms (API version 2017-05-25) as an RPC call signed with signature v1
 * (HMAC-SHA1 over the percent-encoded, sorted query): see src/messages/README.md for the pages.
 */

/** RFC 3986 percent-encoding as the provider requires: space %20, `*` %2A, `~` kept. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The parameters sorted by name, each name and value encoded, joined with `&`. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join("&");
}

/** Signature = Base64(HMAC-SHA1(secret + "&", METHOD + "&" + enc("/") + "&" + enc(canonical query))). */
export function signRpc(method: string, params: Record<string, string>, secret: string): string {
  const stringToSign = `${method}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
  return createHmac("sha1", `${secret}&`).update(stringToSign, "utf8").digest("base64");
}

/** The provider's timestamp: ISO 8601 in UTC without milliseconds (2026-12-01T08:00:00Z). */
export function rpcTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class AliyunSmsTransport implements SmsTransport {
  readonly name = "aliyun";

  constructor(
    private readonly config: SmsConfig,
    private readonly now: () => Date = () => new Date(),
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: OutboxMessage): Promise<void> {
    if (!isTemplateName(message.template)) throw new Error(`未知的短信模板：${message.template}`);
    const template: TemplateName = message.template;
    const templateCode = this.config.templateCodes[template];
    if (!templateCode) throw new Error(`未配置短信模板编号（SMS_TEMPLATE_${template.toUpperCase()}）`);
    const params: Record<string, string> = {
      AccessKeyId: this.config.accessKeyId,
      Action: "SendSms",
      Format: "JSON",
      PhoneNumbers: message.to,
      RegionId: "cn-hangzhou",
      SignName: this.config.signName,
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: randomUUID(),
      SignatureVersion: "1.0",
      TemplateCode: templateCode,
      TemplateParam: providerParams(template, message.params as TemplateParams[typeof template]),
      Timestamp: rpcTimestamp(this.now()),
      Version: "2017-05-25",
    };
    const signature = signRpc("GET", params, this.config.accessKeySecret);
    const url = `${this.config.endpoint}/?Signature=${percentEncode(signature)}&${canonicalQuery(params)}`;
    const res = await fetch(url, { method: "GET", signal: AbortSignal.timeout(this.timeoutMs) });
    const body = (await res.json().catch(() => null)) as { Code?: string; Message?: string } | null;
    if (!body || body.Code !== "OK") {
      const code = body?.Code ?? `HTTP ${res.status}`;
      throw new Error(`短信服务商拒绝：${code}${body?.Message ? `（${body.Message}）` : ""}`);
    }
  }
}
