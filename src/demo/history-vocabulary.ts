/**
 * The demo history's dice and word lists: a seeded generator (the same day gives the same
 * county) and the weighted sources, dispute types, names and summaries it draws from.
 */

/** A small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted.at(-1)![0];
}

export const SOURCES: [string, number][] = [
  ["application", 40],
  ["initiative", 18],
  ["grid_report", 16],
  ["hotline", 8],
  ["court_referral", 5],
  ["police_referral", 7],
  ["petition", 6],
];
export const TYPES: [string, number][] = [
  ["neighbourhood", 26],
  ["marriage_family", 20],
  ["housing_homestead", 11],
  ["damages", 9],
  ["contract", 7],
  ["forest_land", 6],
  ["labour", 5],
  ["property_management", 4],
  ["consumer", 4],
  ["production_business", 3],
  ["land_requisition", 2],
  ["environment", 1],
  ["medical", 1],
  ["other", 1],
];
export const SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗谭易彭谢".split("");
export const GIVEN = [
  "建国",
  "秀英",
  "桂兰",
  "国富",
  "德明",
  "志强",
  "丽华",
  "春生",
  "冬梅",
  "小军",
  "玉珍",
  "长庚",
  "立新",
  "海燕",
  "红霞",
];

export const SUMMARIES: Record<string, string> = {
  neighbourhood: "两家因宅旁排水沟、通行道路发生争执，申请人要求对方恢复原状并赔偿损失。",
  marriage_family: "夫妻因家庭琐事及赡养老人问题发生矛盾，双方要求调解。",
  housing_homestead: "相邻两户对宅基地界址有争议，一方建房时占用了另一方的地基。",
  damages: "一方饲养的家禽损毁了另一方的菜地，双方就赔偿数额发生争执。",
  contract: "双方因农资买卖合同的货款支付发生纠纷。",
  forest_land: "两组村民对山林边界有争议，涉及杉木林约二十亩。",
  labour: "务工人员与包工头就拖欠工资发生纠纷。",
  property_management: "业主与物业服务企业就物业费和维修责任发生争执。",
  consumer: "消费者与商户就所购电器质量问题发生纠纷。",
  production_business: "合伙养殖户就分红比例发生争执。",
  land_requisition: "村民对征地补偿款分配方案有异议。",
  environment: "养殖场排污影响周边农田，村民要求赔偿。",
  medical: "患者家属与村卫生室就诊疗过程发生争执。",
  other: "其他民间纠纷。",
  road_traffic: "两车在乡道会车时发生碰撞，双方就责任划分和赔偿发生争执。",
};
