// Default declarations of common attributes per product category (shop.yaml `template:`). They
// apply only to attributes the shop's products state, matched by name or alias; a declaration in
// shop.yaml for the same attribute replaces the template's. Written from general e-commerce usage.
import type { AttributeDeclaration, AttributeKind, AttributeTemplate, ScaleLevels } from '../catalog/types.js';

/** Value words of a yes / caution / no attribute when the shop declares none of its own. */
export const DEFAULT_LEVELS: ScaleLevels = {
  yes: ['是', '可以', '可用', '适用', '能', '有', '支持', '含', '可', 'yes', 'y', 'true', '√'],
  caution: ['慎用', '谨慎使用', '建议咨询医生', '咨询医生', '遵医嘱', '少量', '适量', '视情况'],
  no: ['否', '不可以', '不可用', '禁用', '忌用', '不适用', '不能', '无', '没有', '不支持', '不含', '不可', 'no', 'n', 'false', '×'],
};

/** Levels for "may X use it": 孕妇可用, 敏感肌可用, 婴幼儿可用. */
const USE_LEVELS: ScaleLevels = {
  yes: ['可以', '可用', '适用', '是', '能用'],
  caution: ['慎用', '谨慎使用', '建议咨询医生', '咨询医生', '遵医嘱', '少量'],
  no: ['禁用', '忌用', '不可用', '不可以', '不适用', '否', '不能用'],
};

/** Levels for "does it contain X": 含酒精, 含香精, 含锂电池. */
const CONTAINS_LEVELS: ScaleLevels = {
  yes: ['是', '含', '有', '含有'],
  caution: ['微量', '少量'],
  no: ['否', '不含', '无', '没有', '无添加'],
};

/** A declaration with its word lists optional. */
type Brief = { name: string; aliases?: string[]; questions?: string[] } & AttributeKind;

function declare(d: Brief): AttributeDeclaration {
  return { ...d, aliases: d.aliases ?? [], questions: d.questions ?? [] };
}

const TEMPLATES: Record<AttributeTemplate, readonly AttributeDeclaration[]> = {
  // The apparel template's size chart, material and care live in a product's `attributes` and
  // `size_chart`; these declare the same ideas for shops that give them as columns.
  apparel: [
    declare({ name: '面料', aliases: ['材质', '面料成分', '成分'], questions: ['什么料子', '纯棉吗', '含棉'], kind: 'text' }),
    declare({ name: '洗涤方式', aliases: ['洗护', '洗涤说明', '洗护方式'], questions: ['怎么洗', '能机洗', '可以机洗', '能水洗'], kind: 'text' }),
    declare({ name: '厚薄', aliases: ['厚度'], questions: ['厚不厚', '薄不薄', '透不透'], kind: 'text' }),
    declare({ name: '弹力', aliases: ['弹性'], questions: ['有弹力', '有弹性', '弹不弹'], kind: 'text' }),
    declare({ name: '适用季节', aliases: ['季节'], questions: ['什么季节', '夏天穿', '冬天穿', '春秋'], kind: 'list' }),
    declare({ name: '版型', questions: ['修身', '宽松', '偏大', '偏小'], kind: 'text' }),
  ],
  beauty: [
    declare({ name: '孕妇可用', aliases: ['孕期可用', '孕妇适用', '孕妇能用'], questions: ['孕妇', '孕期', '怀孕', '孕妈', '准妈妈'], kind: 'scale', levels: USE_LEVELS }),
    declare({ name: '哺乳期可用', aliases: ['哺乳期适用'], questions: ['哺乳', '喂奶'], kind: 'scale', levels: USE_LEVELS }),
    declare({ name: '敏感肌可用', aliases: ['敏感肌适用'], questions: ['敏感肌', '皮肤敏感', '过敏'], kind: 'scale', levels: USE_LEVELS }),
    declare({ name: '含酒精', aliases: ['是否含酒精'], questions: ['酒精', '乙醇'], kind: 'scale', levels: CONTAINS_LEVELS }),
    declare({ name: '含香精', aliases: ['是否含香精'], questions: ['香精', '香料', '香味'], kind: 'scale', levels: CONTAINS_LEVELS }),
    declare({ name: '适用肤质', aliases: ['肤质'], questions: ['干皮', '油皮', '混油', '混干', '什么肤质'], kind: 'list' }),
    declare({ name: '功效', questions: ['有什么用', '什么效果', '美白', '保湿', '补水'], kind: 'list' }),
    declare({ name: '净含量', aliases: ['容量'], questions: ['多少毫升', '多少ml', '多少克', '能用多久'], kind: 'number' }),
    declare({ name: '保质期', aliases: ['有效期'], questions: ['过期', '能放多久', '开封后'], kind: 'text' }),
    declare({ name: '使用方法', aliases: ['用法'], questions: ['怎么用', '如何使用', '用量'], kind: 'text' }),
  ],
  food: [
    declare({ name: '保质期', aliases: ['有效期'], questions: ['过期', '放多久', '能放多长', '保质'], kind: 'text' }),
    declare({ name: '配料', aliases: ['配料表', '成分', '原料'], questions: ['添加剂', '防腐剂', '什么做的'], kind: 'list' }),
    declare({ name: '过敏原', aliases: ['致敏物质'], questions: ['过敏', '坚果', '麸质', '乳糖'], kind: 'list' }),
    declare({ name: '储存方法', aliases: ['储存条件', '贮存条件', '保存方法'], questions: ['怎么保存', '怎么放', '冷藏', '冷冻', '常温'], kind: 'text' }),
    declare({ name: '净含量', aliases: ['重量'], questions: ['多少克', '几斤', '多重', '多少g'], kind: 'number' }),
    declare({ name: '热量', aliases: ['能量'], questions: ['卡路里', '大卡', '千卡', '会胖', '长胖'], kind: 'number' }),
    declare({ name: '含糖', aliases: ['是否含糖', '含蔗糖'], questions: ['无糖', '加糖', '糖尿病', '控糖'], kind: 'scale', levels: CONTAINS_LEVELS }),
    declare({ name: '孕妇可食', aliases: ['孕妇可用', '孕妇能吃'], questions: ['孕妇', '孕期', '怀孕', '孕妈'], kind: 'scale', levels: { yes: ['可以', '可食', '可用', '适用', '是', '能吃'], caution: ['慎食', '慎用', '少量', '建议咨询医生', '遵医嘱'], no: ['禁食', '禁用', '不可以', '不宜', '否', '不能吃'] } }),
    declare({ name: '产地', aliases: ['原产地'], questions: ['哪里产', '哪产的', '进口'], kind: 'text' }),
  ],
  electronics: [
    declare({ name: '额定功率', aliases: ['功率'], questions: ['多少瓦', '几瓦', '瓦数', '耗电', '费电'], kind: 'number', unit: 'W' }),
    declare({ name: '电压', aliases: ['额定电压'], questions: ['出国', '国外能用', '110v', '220v'], kind: 'text' }),
    declare({ name: '是否含锂电池', aliases: ['含锂电池', '锂电池'], questions: ['上飞机', '带上飞机', '登机', '托运', '航空'], kind: 'scale', levels: CONTAINS_LEVELS }),
    declare({ name: '电池容量', questions: ['毫安', 'mah', '续航'], kind: 'number', unit: 'mAh' }),
    declare({ name: '保修期', aliases: ['保修', '质保', '质保期'], questions: ['保修多久', '质保多久', '坏了包修'], kind: 'text' }),
    declare({ name: '噪音', aliases: ['噪声'], questions: ['吵不吵', '声音大', '分贝', '静音'], kind: 'number', unit: 'dB' }),
    declare({ name: '重量', aliases: ['净重'], questions: ['多重', '重不重', '几斤'], kind: 'number' }),
    declare({ name: '认证', aliases: ['安全认证'], questions: ['3c', 'ccc', '检测报告'], kind: 'list' }),
    declare({ name: '防水等级', aliases: ['防水'], questions: ['进水', '能沾水', 'ipx'], kind: 'text' }),
    declare({ name: '是否可拆洗', aliases: ['可拆洗'], questions: ['拆下来洗', '好清洗', '能拆'], kind: 'scale', levels: DEFAULT_LEVELS }),
  ],
};

/** The template's declarations (none for no template). */
export function templateDeclarations(template: AttributeTemplate | undefined): readonly AttributeDeclaration[] {
  return template ? TEMPLATES[template] : [];
}
