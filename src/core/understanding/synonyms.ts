// E-commerce chat vocabulary folded onto one canonical word, so "包油", "免邮" and "包邮" meet
// in retrieval. Kept to true equivalents: merging two topics (物流 vs 快递) would blur answers.
// Shops add their own groups in shop.yaml (`synonyms`).

const GROUPS: readonly (readonly string[])[] = [
  ['包邮', '包油', '免邮', '免运费', '包邮费', '免费包邮'],
  ['运费', '邮费', '快递费', '运费钱'],
  ['顺丰', '顺风', 'sf'],
  ['发货', '发或', '发火', '发出', '发走', '寄出', '寄出来', '发出去', '出库', '发件', '寄走', '发'],
  ['什么', '啥', '神马', '什么样'],
  ['怎么', '咋', '怎样', '如何', '咋样', '怎么样'],
  ['多久', '几天', '多长时间', '多少天', '多快'],
  ['退货', '退掉', '退回', '退回去', '退了', '退', '退活', '推货', 'return'],
  ['退款', 'refund', '退钱', '钱退', '返款', '退的钱'],
  // Not a bare 换: "积分能换点啥" redeems points, it exchanges nothing.
  ['换货', '调换', '换码', '换尺码', '换颜色', 'exchange'],
  ['发票', '开票', 'invoice', '票'],
  ['优惠券', '券', '优惠卷', '卷', 'coupon', '红包'],
  ['客服', '人工', '真人', '人工客服', '活人'],
  ['电话', '电化', '打电话', '热线'],
  ['宝宝', '婴儿', '娃', '孩子', '小孩', '宝贝', 'bb', 'baby', '小朋友', '儿童'],
  ['孕妇', '孕妈', '准妈妈', '怀孕', '孕期'],
  ['衣服', '衣衣', '衣物'],
  ['尺码', '码数', '尺寸', '码子', '号码'],
  ['洗', '清洗', '洗涤'],
  ['价格', '多少钱', '价钱', '售价'],
  ['便宜', '优惠', '划算', '折扣', '打折'],
  ['地址', '收货地址', '收件地址', 'address'],
  ['订单', 'order', '单子'],
  ['取消', '撤销', '不要了', '不想要了', 'cancel'],
  ['收到', '签收', '到货', '拿到'],
  ['起球', '起毛球', '球球'],
  ['缩水', '缩', '变小'],
  ['掉色', '褪色', '染色', '串色'],
  ['会员', 'vip', '会员卡'],
  ['积分', '分数', '积分值', 'points'],
  ['双十一', '双11', '1111', '十一一'],
  ['支付宝', 'alipay'],
  ['花呗', '分期'],
  ['正品', '真货', '正版', '是真的', '正品吗'],
  ['假货', '假的', '仿品', '高仿'],
  ['质量', '品质', '质量问题'],
  ['瑕疵', '破洞', '污渍', '脏了', '线头'],
  ['物流', '物流信息', '快递信息', '单号'],
  // Places folded onto the region words shop policies use (偏远地区, 港澳台, 海外).
  ['新疆', '乌鲁木齐', '喀什', '伊犁', '克拉玛依', '库尔勒', '阿克苏', '和田', '石河子'],
  ['西藏', '拉萨', '日喀则', '林芝', '昌都'],
  ['青海', '西宁', '格尔木'],
  ['宁夏', '银川'],
  ['内蒙古', '内蒙', '呼和浩特', '包头', '鄂尔多斯', '赤峰', '呼伦贝尔'],
  ['甘肃', '兰州', '酒泉', '敦煌', '天水'],
  ['港澳台', '香港', '澳门', '台湾', '台北', '港澳'],
  ['海外', '国外', '境外', '新加坡', '美国', '日本', '韩国', '加拿大', '澳洲', '澳大利亚', '英国', '德国', '法国', '马来西亚', '泰国', '新西兰', '出国'],
  ['江浙沪', '江苏', '浙江', '上海', '杭州', '苏州', '南京', '宁波', '无锡', '温州'],
];

/** Canonical form of every known variant. */
export const BUILTIN_SYNONYMS: ReadonlyMap<string, string> = synonymMap(GROUPS);

/** Builds variant → canonical (the group's first word) for the given groups. */
export function synonymMap(groups: readonly (readonly string[])[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const g of groups) {
    const [canon, ...rest] = g;
    if (!canon) continue;
    for (const w of rest) if (!map.has(w)) map.set(w, canon);
  }
  return map;
}
