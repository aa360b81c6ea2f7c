/** Personal data as the signature record prints it: the middle of a phone, the end of an address. */
export function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone)
    ? `${phone.slice(0, 3)}****${phone.slice(7)}`
    : phone.replace(/\d(?=\d{4})/g, "*");
}

/** 203.0.113.25 → 203.0.*.*; an IPv6 address keeps its first two groups (2001:db8:*). */
export function maskIp(ip: string | null): string {
  if (!ip) return "未记录";
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.*.*`;
  const groups = ip.split(":").filter(Boolean);
  return groups.length >= 2 ? `${groups[0]}:${groups[1]}:*` : "*";
}
