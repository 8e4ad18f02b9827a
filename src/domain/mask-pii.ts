// Finds and masks personal data (taxonomy.md "Personal data"; corpus README labelling rules):
// phone numbers in any spelling, ID-card numbers, licence plates, and a room number together
// with a name. Masked text leaves the resident's own group, goes to logs and to the LLM, so the
// masks keep what staff need to act (which building, whose mother, which kind of car) and drop
// what identifies a person. Not PII: service numbers (110, 12345, 96110), a room or building
// alone, a name alone, parking spaces, dates, prices.

export type PiiKind = 'phone' | 'id_number' | 'plate' | 'room_name';

export interface PiiSpan {
  start: number;
  end: number;
  kind: PiiKind;
}

interface Found extends PiiSpan {
  /** The part to replace, and what with; the rest of the span stays as written. */
  maskStart: number;
  maskEnd: number;
  mask: string;
  /** A second part to replace inside the span (the given name of a full name beside a room). */
  also?: { start: number; end: number; mask: string };
}

// ---------------------------------------------------------------------------------------------
// Folding: one UTF-16 unit in, one out, so spans found in the folded text index the original.
// `digits` also reads Chinese numerals (一三八…, 幺, 两, 壹贰叁, ①) as digits, which is how people
// spell phone numbers to dodge filters or by voice input; `wide` only undoes full-width forms
// (rooms and plates are written in Arabic digits, and 张三/李四 must stay names).

const CN_DIGITS: Record<string, string> = {
  零: '0', 〇: '0', '○': '0', 洞: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 两: '2', 兩: '2', 贰: '2', 貳: '2',
  三: '3', 叁: '3', 叄: '3', 四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 陸: '6', 七: '7', 柒: '7', 拐: '7',
  八: '8', 捌: '8', 九: '9', 玖: '9',
};
const CN_DIGIT_CHARS = Object.keys(CN_DIGITS).join('');
const FOLDABLE = /[\uFF01-\uFF5E\u3000\u2460-\u2468\u24EA]/;
const CN_DIGIT_RE = new RegExp(`[${CN_DIGIT_CHARS}]`);

function foldWide(text: string): string {
  if (!FOLDABLE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else if (code >= 0x2460 && code <= 0x2468) out += String.fromCharCode(0x31 + code - 0x2460); // ①–⑨
    else if (code === 0x24ea) out += '0'; // ⓪
    else out += text[i];
  }
  return out;
}

// A Chinese numeral is read as a digit beside another one (一三八, 幺 二 三) or between digits
// (139三716零028): a lone 一 or 两 at the end of Arabic digits is a word ("4321一直占线",
// "1805两个人"), and must not lengthen the number.
const SPELL_GAP = /[\s\-‐‑–—―.,，、·]/;
function neighbourAt(wide: string, i: number, step: 1 | -1): number {
  let j = i + step;
  if (j >= 0 && j < wide.length && SPELL_GAP.test(wide[j]!)) j += step;
  return j;
}
function neighbour(wide: string, i: number, step: 1 | -1): 'cn' | 'digit' | null {
  const j = neighbourAt(wide, i, step);
  if (j < 0 || j >= wide.length) return null;
  const c = wide[j]!;
  return CN_DIGITS[c] !== undefined ? 'cn' : c >= '0' && c <= '9' ? 'digit' : null;
}

function foldDigits(wide: string): string {
  if (!CN_DIGIT_RE.test(wide)) return wide;
  let out = '';
  for (let i = 0; i < wide.length; i++) {
    const d = CN_DIGITS[wide[i]!];
    if (d === undefined) {
      out += wide[i];
      continue;
    }
    const before = neighbour(wide, i, -1);
    const after = neighbour(wide, i, 1);
    // A numeral opening a run of mixed spelling ("一3六 二九二七…"): the run goes on after the digit.
    const opensRun = before === null && after === 'digit' && neighbour(wide, neighbourAt(wide, i, 1), 1) !== null;
    out += before === 'cn' || after === 'cn' || (before && after) || opensRun ? d : wide[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phones. Separators: spaces, dashes, dots, commas, slashes, stars, brackets around the first group,
// mixed as people type them (138 1234 5678, 138-1234-5678, 138.1234.5678, 138 1234-5678, (138)1234 5678,
// 一三八，二二零七，六六五八). The prefix (+86, 0086, (+86)) is kept when masking.

const S = '[\\s\\-‐‑–—―~_.,，、·/|\\\\*()\\[\\]【】（）]{0,3}';
const MOBILE = new RegExp(
  `(?<![\\d+])((?:\\+|00)?86${S}|\\(\\+?86\\)${S})?(1${S}[3-9](?:${S}\\d){9})(?!\\d)`,
  'g',
);
// Area code 0xx/0xxx (none starts 00: "卡号0008315672" is a card), then a 7–8 digit local number that
// does not start with 0 or 1.
const LANDLINE = new RegExp(
  `(?<![\\d+.])(\\(0[1-9]\\d{0,2}\\)|0[1-9]\\d{1,2}|0[1-9](?=-))([\\s\\-‐‑–—―.·]{0,2})([2-9]\\d{2,3}[\\s\\-‐‑–—―.·]?\\d{4}|[2-9]\\d{3,4}[\\s\\-‐‑–—―.·]\\d{3})(?![\\d.])`,
  'g',
);
// Hong Kong, Macau (8 digits) and Taiwan (9 digits) mobiles with their country code (852 also written
// bare before a 4-4 number: "新号 852 6847 1359").
const NEARBY_MOBILE = /(?<![\d+])((?:\+|00)(?:852|853)[\s\-]?|\((?:852|853)\)\s?|(?:852|853)[\s\-](?=\d{4}[\s\-]\d{4}(?!\d)))(\d{4}[\s\-]?\d{4})(?!\d)|(?<![\d+])((?:\+|00)886[\s\-]?)(9\d{2}[\s\-]?\d{3}[\s\-]?\d{3})(?!\d)/g;
// Residents from abroad give their home numbers: "+1 646 555 0187", "+82 10-4827-3391", "+44 7700 900 123",
// "+1 (646) 812-3307".
const INTL_PHONE = /(?<![\w+])((?:\+|(?<!\d[\s\-]?)00)(?!86)[1-9]\d{0,2}[\s\-]?)((?:\(\d{2,4}\)[\s\-]?)?(?:\d[\s\-]?){6,12}\d)(?![\s\-]?\d)/g;
// A room and a name typed in pinyin: "1602 de Zhang Wei".
const ROOM_PINYIN_NAME = /(?<![\dA-Za-z\-])(\d{3,4})(\s*(?:de|的)\s*)([A-Z][a-z]{0,5})(\s?)([A-Z][a-z]{1,7}(?:\s?[A-Z][a-z]{1,7})?)(?![A-Za-z])/g;
// A building in pinyin, a room and a name: "wo shi 3 dong 502 Linh".
const DONG_ROOM_NAME = /(?<![\dA-Za-z])\d{1,2}\s?dong\s?(\d{3,4})\s+([A-Z][a-z]{1,7}(?:\s[A-Z][a-z]{1,7})?)(?![A-Za-z])/g;
// A phone number read out in pinyin digits ("yao san wu ba qi jiu er ling liu san yi"): eight or more in a row.
const PINYIN_DIGIT = '(?:yao|yi|er|liang|san|si|wu|liu|qi|ba|jiu|ling|dong)';
const PINYIN_PHONE = new RegExp(`(?<![a-z])${PINYIN_DIGIT}(?:[\\s-]?${PINYIN_DIGIT}){7,11}(?![a-z])`, 'gi');
// A local number without its area code, only where the words say it is one ("座机 6234 5678").
// A room and a name in English, either order: "Room 1203, Mr. Li", "rm 502 mrs wang",
// "Auntie Chen in 1503", "Mr Zhang (flat 8-1-1203)". The room's digits are masked.
const EN_TITLE = '(?:mr|mrs|ms|miss|dr|auntie|aunty|aunt|uncle|grandma|grandpa|granny|madam)\\.?';
const EN_ROOM = '(?:room|rm|flat|apt|apartment|unit|#)\\.?\\s?(?:no\\.?\\s?)?(\\d{1,2}-\\d{1,2}-\\d{3,4}|\\d{1,2}-\\d{3,4}|\\d{3,4}|\\d{1,2}[A-H](?![A-Za-z]))';
const ROOM_EN_NAME = new RegExp(`(?<![A-Za-z])(?:${EN_ROOM}|(?<=\\b(?:in|at|of) )(\\d{1,2}-\\d{1,2}-\\d{3,4}|\\d{1,2}-\\d{3,4}|\\d{3,4}))[\\s,，:()（）]{0,3}(?:is |of |for |- )?${EN_TITLE}\\s?[A-Za-z]{2,10}(?![A-Za-z])`, 'gi');
const EN_NAME_ROOM = new RegExp(`(?<![A-Za-z])${EN_TITLE}\\s?[A-Za-z]{2,10}[\\s,，(（]{0,3}(?:(?:lives |living |who lives |staying )?(?:in|at|from|of) )?(?:${EN_ROOM}|(\\d{1,2}-\\d{1,2}-\\d{3,4}|\\d{1,2}-\\d{3,4}|\\d{3,4})(?![\\d:]))`, 'gi');
const LOCAL_AFTER_CUE = /(?:电话|電話|座机|固话|联系|聯絡|联络|聯繫|致电|致電|拨打|撥打|打)(?:我|號碼|号码|号)?(?:是|为|係)?[\s:：]{0,2}([2-9]\d{2,3}[\s\-.]?\d{4})(?![\d.])/g;
// A mobile given in part where the words say it is one ("我电话 152 6630", "打我电话 一三八"): the
// rest follows in the next message, and what is here goes all the same.
// A local number a few words after the word for it ("查詢請致電管理處 2560 3318", "tel 9688 3172",
// "佢手機 6634 7120", "座机58 93 12 76"): Hong Kong and Macau numbers have no area code.
const LOCAL_NEAR_CUE = /(?:电话(?!费|卡)|電話(?!費|卡)|手机|手機|座机|座機|致电|致電|查詢|查询|联系|聯絡|聯繫|屋企|whatsapp|\btel\b|\bphone\b|\bcall\b)[^\d\n]{0,6}?((?:[2-9]\d{3}[\s\-]?\d{4})|(?:[2-9]\d[\s\-]\d{2}[\s\-]\d{2}[\s\-]\d{2}))(?![\d])/gi;
// Taiwan identity cards: a letter, 1 or 2, eight digits.
const TW_ID = /(?<![A-Za-z0-9])[A-Z][12]\d{8}(?!\d)/g;
// Taiwan plates: three letters, a dash, four digits ("ARB-6572").
const TW_PLATE = /(?<![A-Za-z0-9\-])[A-Z]{3}-\d{4}(?![\d\-])/g;
// Embassy plates: 使 and six digits ("使 224·018").
const EMBASSY_PLATE = /使\s?\d{3}[·.\s]?\d{3}(?!\d)/g;
// A permit number typed digit by digit after the permit's name ("港澳通行證？我張 C 2 8 6 1 0 5 3 7").
const SPACED_PERMIT = /(?:通行证|通行證|回乡证|回鄉證|台胞证|台胞證)[^\dA-Z]{0,8}([A-Z](?:\s?\d){8,9})(?![\d])/g;
const MOBILE_PIECE_AFTER_CUE = /(?:电话|電話|手机|手機|号码|號碼)(?:是|係|为)?[\s:：]{0,2}(1[3-9]\d(?:[\s\-]?\d{4})?)(?=\s*$|[\s，,。！!])/g;
// A message that is nothing but a number in two groups of four ("2207 5519"): the rest of a phone
// number told in pieces.
// A mobile mistyped with a digit too few or too many, right after the word for a phone
// ("电话 1390532276"): still someone's number.
const MISTYPED_AFTER_CUE = /(?:电话|電話|手机|手機|联系|聯絡|打)(?:我|是|係|为)?[\s:：]{0,2}(1\d{9}|1\d{11}|1\d{2}[\s\-]\d{4}[\s\-]\d{5})(?![\d])/g;
// "车主电话尾号0617", "手机尾号5190那个": the last four digits of a named phone.
const PHONE_TAIL = /(?:电话|電話|手机|手機|号码|號碼)\s?(?:号\s?)?尾(?:号|號|数)\s?(?:是|係|为)?\s?(\d{4})(?!\d)/g;
const NUMBER_ALONE = /^\s*(\d{4}[\s\-]\d{4})\s*$/;
// Hong Kong, Macau and Taiwan. An identity card with its check digit in brackets ("5173842(3)",
// "A123456(7)"); a permit's number after its name ("台胞證 08765432", "回乡证号码 H60718234"); a
// Taiwan mobile ("0912-345-678"); a Macau plate ("MK-47-19"), and a Hong Kong one after the word
// ("香港牌 MK 8823").
const HK_MO_ID = /(?<![A-Za-z0-9])[A-Z]{0,2}\d{6,7}[(（][0-9A][)）]/g;
const PERMIT = /(?:回乡证|回鄉證|台胞证|台胞證|通行证|通行證|身份證|證件號|证件号|证号|證號)(?:号码?|號碼?)?\s*(?:是|係|系|为|:|：)?\s*([A-Z]{0,2}\d{7,10})(?![\dA-Za-z])/g;
// Part of a mainland ID number after its name ("身份证3607021949 后面几个字看不清"): the part is still hers.
const ID_PART_AFTER_CUE = /(?:身份证|身份證)(?:号码?|號碼?)?\s*(?:是|係|系|为|:|：)?\s*(\d{6,17}[Xx]?)(?![\dA-Za-z])/g;
// …its last digits, said so ("身份证后六位21043X"); and one already half starred ("370705********2243"):
// the region and the last four still point at her.
const ID_TAIL_AFTER_CUE = /(?:身份证|身份證)(?:号码?|號碼?)?(?:的)?(?:(?:后|後|末|尾)[四六几\d]位(?:数|數)?|尾号|尾號|尾数|尾數)(?:是|係|为|:|：)?\s*(\d{3,17}[Xx]?)(?![\dA-Za-z])/g;
const ID_HALF_STARRED = /(?<![\dA-Za-z*])(\d{6}\*{4,10}\d{3}[\dXx])(?![\dA-Za-z*])/g;
const TW_MOBILE = /(?<![\d+])09\d{2}[\s\-]?\d{3}[\s\-]?\d{3}(?!\d)/g;
// A plate whose province is typed in pinyin ("chuan AD38821", "hei A3F5K7"): the letters after it
// must hold two digits, so "su A team" or "lu AB" stay words.
const PINYIN_PLATE =
  /(?<![a-z])(?:jing|jin|hu|yu|ji|meng|liao|hei|su|zhe|wan|min|gan|lu|xiang|yue|gui|qiong|chuan|yun|zang|shan|qing|ning|xin)\s?([A-Za-z]\s?(?=(?:[A-Za-z]*\d){2})[A-Za-z0-9]{5,6})(?![A-Za-z0-9])/gi;
// An e-bike's city plate after its cue ("牌照唐山03518", "车牌 昆明C58372"; "车牌是郑州A12345" is caught above).
const CITY_PLATE_AFTER_CUE = /(?:牌照|车牌|牌号)(?:号码?)?(?:是|为|:|：)?\s*[\u4e00-\u9fa5]{2}\s?([A-Za-z]?\d{5,7})(?!\d)/g;
// …and without a cue, a city then a capital letter and five digits ("无锡B 62719", "常州 A50712",
// "无锡B·39651"): no date, price or room is spelled so (8 labelled, no plain number matched).
const CITY_LETTER_PLATE = /[\u4e00-\u9fa5]{2}[\s·.]?([A-Z][\s·.\-]?\d{5})(?!\d)/g;
// "香港牌係 LK 1234, MX 8216": two letters and up to four digits, where a Hong Kong car is spoken of.
const HK_PLATE = /(?<![A-Za-z0-9])(?!HK|MO|AM|PM)[A-HJ-NPR-Z]{2}\s?\d{1,4}(?![\dA-Za-z])/g;
const MO_PLATE = /(?<![A-Za-z0-9\-])[A-Z]{2}-\d{2}-\d{2}(?![\d\-])/g;
const PLATE_AFTER_CUE = /(?:车牌|車牌|牌照|港车|港車|香港车|牌|plate)(?:号码?|號碼?|\s?no\.?|\s?number)?\s*(?:是|係|:|：)?\s*([A-Z]{1,2}\s?\d{1,4})(?![\dA-Za-z])/gi;
const SEPARATOR_RUN = /[^\d]+/g;
// A mobile told in pieces with words between them ("186 加 5512 加 3344", "138 然后 0013 尾号 8000")
// or tail first ("尾号3344 前面是186 5512").
const WORD_GAP = '[\\s,，、]*(?:开头[\\s,，、]*(?:后面|然后|接着|中间)?是?|加上?|然后是?|再是?|再?后(?:面|头)是?|接着是?|中间是?|尾号是?|最后是?|后四位是?|末四位是?|最后四位是?|后八位是?|后面八位是?|是)[\\s,，、:：]*';
const PASSPORT = /(?:passport|护照|護照|hu\s?zhao)[^.\d]{0,30}?(?:no\.?|number|num|#|号码?|is|shi|:|：|是|为)(?:\s(?:here|below|as follows))?[\s?？:：,，]*(?:is\s)?((?=[A-Za-z0-9]*\d)[A-Za-z0-9]{6,10})(?![\dA-Za-z])|(?:passport|护照)\s*[(（]?\s*((?=[A-Za-z0-9]*\d)[A-Za-z0-9]{6,10})(?![\dA-Za-z])|(?<![\dA-Za-z])(E\d{8}|E[A-HJ-NP-Z]\d{7})(?![\dA-Za-z])/gi;
const MOBILE_IN_WORDS = new RegExp(`(?<!\\d)1[3-9]\\d(?:${WORD_GAP}|[\\s\\-]?)\\d{4}${WORD_GAP}\\d{4}(?!\\d)|(?<!\\d)1[3-9]\\d${WORD_GAP}\\d{4}[\\s\\-]?\\d{4}(?!\\d)`, 'g');
// The head told, then the tail after words that say it is the rest ("前面是186 5631 后头四位我翻翻啊 4277"):
// both pieces go, since the tail alone is what the words point at.
const MOBILE_HEAD_THEN_TAIL = /(?<!\d)1[3-9]\d[\s\-]?\d{4}(?![\d\s\-]*\d)[^\d]{0,12}?(?:后头|后面|后边|最后|末尾|尾号|尾数|后四位)[^\d]{0,12}?(\d{4})(?![\d.年元块蚊米斤平分点岁人次天月日万千百%℃度克件台辆个号])/g;
const MOBILE_TAIL_FIRST = /尾号\s*(?:是)?\s*\d{4}[^\d]{0,6}?前面\s*(?:是)?\s*1[3-9]\d[\s\-]?\d{4}(?!\d)/g;

// ---------------------------------------------------------------------------------------------
// ID numbers: 6-digit region, a real-looking birth date, sequence and check digit (may be X).
// The date check is what keeps long order or account numbers out. People group the digits as
// they like (6-8-4, 4-4-4-4-2), so single spaces or dashes are allowed.
const ID18 = /(?<![\dA-Za-z])[1-9](?:[ -]?\d){16}[ -]?[\dXx](?![\dA-Za-z])/g;
// The first 14 to 17 digits of one, the rest forgotten: area and birth date are there.
const ID_START = /(?<![\dA-Za-z])[1-9]\d{13,16}(?![\dA-Za-z])/g;
const ID15 = /(?<![\dA-Za-z])[1-9]\d{14}(?![\dA-Za-z])/g;
const ID_DATE18 = /^\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/;
const ID_DATE15 = /^\d{6}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/;

// ---------------------------------------------------------------------------------------------
// Plates: province, letter, optional · or space, then 5 (regular) or 6 (new energy) characters
// with at least one digit, optionally a 学/警/挂/港/澳 suffix (4 characters before it).

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领滬遼魯蘇贛晉陝閩貴粵寧瓊雲領';
// A plate typed with spaces between its characters, or in Chinese numerals ("沪AD 3 8 8 2 1",
// "粤A 3B7 29", "京N两八K幺七" — read from the folded digits): five or six characters after the letter.
const SPACED_PLATE = new RegExp(`([${PROVINCES}])\\s?([A-Za-z])\\s?((?:[A-Za-z0-9]\\s?){4,5}[A-Za-z0-9])(?![A-Za-z0-9])`, 'g');
// A plate read out by voice input, numerals in words: "车牌是川Q八K三Q二".
const SPOKEN_PLATE = new RegExp(`([${PROVINCES}]\\s?[A-Za-z]\\s?)((?=[A-Za-z0-9]*[${CN_DIGIT_CHARS}])[A-Za-z0-9${CN_DIGIT_CHARS}]{5,6})(?![A-Za-z0-9${CN_DIGIT_CHARS}])`, 'g');
const PLATE = new RegExp(
  `([${PROVINCES}]\\s?[A-Za-z](?:[DFdf](?=[\\s·•・.\\-]{1,2}(?=[A-Za-z]*\\d)[A-Za-z0-9]{5}(?![A-Za-z0-9])))?)([\\s·•・.\\-]{0,2})((?=[A-Za-z]*\\d)(?:[A-Za-z0-9]{5,6}[学警挂港澳领]?|[A-Za-z0-9]{3,4}[学警挂港澳领]))(?![A-Za-z0-9])`,
  'g',
);

// ---------------------------------------------------------------------------------------------
// Room number + name, e.g. 502吴奶奶, 3号楼2单元401的孙大爷, 8-1-1203陈姐, 1栋302室王先生, and
// name-first 孙大爷住3号楼401. A name is a surname with a form of address (阿姨, 大爷, 先生…),
// 老/小 + surname, or a plain full name (common surname + 1–2 characters) that ends at a clear
// boundary. Surnames that start ordinary words next to a room number (楼上, 门口, 房东, 安装师傅)
// are left out, so "6栋201的门" or "601房东阿姨" stay as they are.

const SURNAMES =
  '傅王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任' +
  '沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔' +
  '汤常温康施文牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍' +
  '涂成苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍华喻祁蒲滕屈饶解牟艾尤阳穆农卓古吉缪简项连芦麦褚娄窦戚岑景党宫费卜' +
  '冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆' +
  '乐冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺闻位厉仝郜阚权强帅屠豆朴盖练廉禹井祖漆巴丰支卿狄计索宣晋芮阙浦戈' +
  '伏鹿薄邸雍辜羊乌母裘亓邰赫杭况宿鲜印逯隆茹诸战慕危银亢嵇哈湛宾戎勾茅利於呼揭干尉冶斯束檀衣展' +
  '阴昝智幸奉植衡富尧闭由关海喇朴禄洪' +
  // the same surnames as written in Hong Kong, Macau and Taiwan
  '陳黃劉張楊趙吳孫馬羅鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒龍賀顧龔萬錢嚴湯';
// For 老X/小X and bare full names, only surnames that rarely start a common word.
const PLAIN_SURNAMES =
  '范王李张钱刘陈杨赵吴徐孙朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡杜程苏魏吕丁任沈姚卢姜崔钟谭陆汪' +
  '廖贾韦邹孟熊秦邱尹薛闫侯陶黎贺顾郝龚邵严覃戴莫孔汤康施牛樊葛邢庞颜倪庄聂章岳翟殷詹耿焦俞祝阮柯纪童' +
  '凌毕霍涂苗谷盛翁冉骆蓝辛靳柴鲍喻祁蒲滕饶艾尤穆卓缪褚娄窦戚岑臧闵邬卞姬栾隋寇桑甄虞敖巩佘鞠荆冀郁胥' +
  '栗楚鄢奚冼蔺郜阚屠禹芮邸雍裘邰赫逯茹嵇湛' +
  '陳劉張楊趙吳孫羅鄭謝許韓馮鄧蕭蘇呂盧鍾譚陸賈韋鄒賀顧龔嚴湯';
// How the old are called by their neighbours: after a door number, a home's, not a shop's ("周娭毑").
const ELDER_TITLES = [
  '老太太', '老爷子', '奶奶', '爷爷', '大爷', '大妈', '大娘', '大婶', '阿婆', '阿公', '阿伯', '伯伯', '伯母', '叔叔',
  '婶婶', '婶子', '老太', '老头', '老伯', '婆婆', '嬢嬢', '孃孃', '大爹', '爹爹', '嗲嗲', '娭毑', '阿嬷', '伯娘', '老爹', '老汉',
];
const TITLES = [
  ...ELDER_TITLES, '阿姨', '姐姐', '大姐', '哥哥', '大哥', '先生', '女士', '小姐', '老师', '师傅', '嫂子', '大嫂', '姨妈',
  '老板', '医生', '同学', '妹妹', '弟弟', '老人', '阿叔', '阿姐', '阿哥',
  '奶', '爷', '叔', '婶', '姐', '哥', '姨', '伯', '婆', '嫂',
].join('|');
const ELDER_TITLE = new RegExp(`^(?:${ELDER_TITLES.join('|')})$`);
// Cantonese/office forms that only follow a bare surname (陈生, 王太, 李总, 张工), before a pause or a
// word that cannot go on a word of theirs ("1602刘生明天…", "郑生把电动车…"; not 王生气, 刘生活).
const SURNAME_TITLES = '生|太|总|工';
// Characters that cannot be part of a given name here (grammar words, places, kinship).
const NOT_NAME =
  '的了是在有和就不都也很还要会说去来住家楼栋号室单元门口这那个们吗呢吧啊呀哦嘛啦着过到被把给让从向对跟与及或而但又再才已没人上下里外前后左右东西南北边旁几多少子女儿孙媳婿' +
  '們個這說來裡後邊兒過還會對與給讓從嘅咗喺係佢啲冇';
const GIVEN = `(?:(?![${NOT_NAME}])[\\u4e00-\\u9fff])`;
// Where a pause or the end sets the name apart (after a room, with a space or punctuation after
// it), only grammar words are ruled out: 梁少芬, 姜福来 and 金玉子 are names there.
const NOT_NAME_LOOSE = '的了是在有和就不都也很还要会说着过吗呢吧啊呀哦嘛啦們這說嘅咗喺係佢啲冇';
const GIVEN_LOOSE = `(?:(?![${NOT_NAME_LOOSE}])[\\u4e00-\\u9fff])`;
const COMPOUND_SURNAMES = '欧阳|司马|诸葛|上官|司徒|东方|慕容|令狐|皇甫|公孙|夏侯|尉迟|长孙|端木';
const SURNAME = `(?:${COMPOUND_SURNAMES}|[${SURNAMES}])`;
const NAME_WITH_TITLE = `(?:[老小阿]?${SURNAME}(?:${GIVEN}{0,2}?(?:${TITLES})|(?:${SURNAME_TITLES})(?:(?![\\u4e00-\\u9fff])|(?=[明今昨把嘅同话讲家屋佢都又])))|车(?:${TITLES}))`;
// 老张, 小李 (but not 小孙子/小孙女); after 老/小 the surnames that start common words are names too (老周, 小黄).
const NICKNAME = `(?:[老小][${PLAIN_SURNAMES}周黄马高田金石白](?![子女]))`;
// A plain name must end where the sentence moves on: punctuation, space, end, or a verb-ish word.
const NAME_END = '(?=$|[\\s,，。.!！?？、;；:：)）\\]】~]|[家在说住一他她老的呢吧啊呀也都没又这那今昨前已打电手屋搭每经总是我])';
// (A surname and an office is someone addressed, not a name: "梁警官，8栋1202…".)
const OFFICE = '(?!警官|书记|主任|所长|站长|经理|科长|局长|队长|院长|校长|老板|管家|社工|干部|师傅)';
const FULL_NAME = `(?:(?:${COMPOUND_SURNAMES}|[${PLAIN_SURNAMES}])${OFFICE}${GIVEN}{1,2}${NAME_END})`;
const NAME = `(?:${NAME_WITH_TITLE}|${NICKNAME}|${FULL_NAME})`;
// (As beside a room, the given name goes and the surname stays: 周**.)
const CALLED_NAME = new RegExp(`(?:名字叫|名字是|名叫|叫做|她叫|他叫|佢叫|伊叫|老人叫)\\s?${SURNAME}(${GIVEN}{1,2})${NAME_END}`);
const HOUSED_AT = /住(?:在|的|喺)?[^，。！？,.!?\s\d]{0,6}?(\d{1,4})(?=号|號|弄|室|栋|棟|幢|座|楼)|(?:房号|房间号|门牌号?)(?:是|为|:|：)?[^，。！？,.!?\d]{0,4}?(?:\d{1,2}\s?单元)?(\d{3,4})(?!\d)/g;

const BUILDING = '(?:[东西南北中](?:单元|門|门)(?=\\d)|(?:[A-Za-z]\\d{0,2}|[\\d一二三四五六七八九十两]{1,3})\\s?(?:号楼|號樓|号院|栋|棟|幢|座|单元|單元|楼|樓|区|區|期|弄|巷|排|组|舍|號|号|门(?=\\d))\\s?|[A-Z]\\d{0,2}-(?=\\d))';
// A room: 3–4 digits (not a service number), or 8-1-1203 / 3-1203 style; a street house number
// when a household follows it ("后街17号王德福家"), or when it says whose it is ("我隔壁19号", "我妈是23号").
const ROOM =
  '(?:\\d{1,3}-\\d{1,3}-\\d{2,4}|\\d{1,3}-\\d{3,4}|(?<=(?:单元|[栋棟幢座])\\s?)\\d{1,2}-\\d{1,2}(?![\\d-])|(?<=号院|组)\\d{1,3}号|(?<=\\d[号號])附\\d{1,2}[号號]|(?<=住[^\\d，,。！？!?\\s]{1,8}[街巷路])\\d{1,4}号|(?<=[\\u4e00-\\u9fff][街巷路弄里])\\d{1,4}号(?=[\\u4e00-\\u9fff]{2,3}家)|(?<=(?:隔壁|(?:我|她|他|妈|爸|奶奶|爷爷|外婆|外公|姥姥|姥爷|婆婆|家)是|阿嬷|阿婆|阿公)\\s?)\\d{1,3}号(?:院)?(?:[东西南北](?:房|屋|厢房))?(?![楼樓栋棟幢座单元室\\d])|(?<=\\d[號号])\\d{1,2}[樓楼](?:之\\d)?|(?<=[\\d一二三四五六七八九十]\\s?[楼层樓層])(?:\\d{1,2}[号號]|[东西中][户门]|[东西南北]边?户|[A-Ha-h](?:室|座)?(?![A-Za-z]))|(?<=\\d[号號])(?:亭子间|前楼|后楼|客堂间|三层阁|灶披间)|(?<=[栋棟座幢]\\s?)\\d{1,2}[A-Ha-h](?![A-Za-z])|(?<=[係是住]\\s?)\\d{1,2}[A-Ha-h](?![A-Za-z])|(?<![租价费]|租金|押金)(?!(?:110|119|120|122|114)(?!\\d))\\d{3,4})(?![\\d.年元块米斤平分点岁人次天月日万千百%℃度克件台辆]|个(?![' +
  PLAIN_SURNAMES +
  ']))(?:室|房|号|户)?';
// 的 (also 额/嘅/个 in 上海话 and 粤语), 住的, and role words people put between room and name
// (1202的业主王女士, 302额张老伯, 502嘅陈伯).
const LINK =
  '\\s?(?:住的是|住着的|住着|住的|独居的|一个人住的|那家是|那户是|那家|那户|那个|那位|嗰個|嗰个|嗰位|家的|里的|的|额|嘅|個|个|家|是)?\\s?(?:(?:业主|住户|租户|户主|房主|家属|老人|联系人)\\s?[:：]?\\s?(?:的\\s?)?)?' +
  // "12栋1门601 我婆婆张秀英": who the person is to the writer
  '(?:(?:我|他|她)?(?:婆婆|公公|老母亲|母亲|父亲|老妈|老爸|妈妈|爸爸|老伴儿?|老公|老婆|爱人|岳母|岳父|外婆|外公)\\s?)?';
// "住4号楼1单元301，叫李桂英", "1802兀家，叫刘志强", "6号楼3单元401，孙福海": the name after a comma,
// often introduced by 叫 (after 叫 any surname will do: the word says a name follows).
const CALLED =
  `(?=[^\\d\\s，,。！？!?]{0,3}[，,])(?:[^\\d\\s，,。！？!?]{0,3}[，,]\\s?(?:(?:我|本人|业主|他|她)?(?:名字|名)?叫\\s?(?:(?:${COMPOUND_SURNAMES}|[${SURNAMES}])${GIVEN}{1,2}${NAME_END}|${NAME})|${FULL_NAME}|${NAME_WITH_TITLE}))`;
// "8座1805 叫陈阿娣", "401 姓吴", "1203的业主姓陈": the word says a name (or a surname) follows.
const NAMED = `(?:\\s?[，,]?${LINK}(?:(?:我|俺|额|本人)\\s?)?(?:(?:名字|名)?叫\\s?(?:(?:${COMPOUND_SURNAMES}|[${SURNAMES}])${GIVEN}{1,2}${NAME_END}|${NAME})|姓\\s?(?:${COMPOUND_SURNAMES}|[${SURNAMES}])))`;
// Where a room number can start: not inside another number or code, and not a parking space's
// ("车位B-086是阮买的": 阮 is Minnan for "we").
const ROOM_START = '(?<![\\dA-Za-z\\-]|车位\\s?)';
const ROOM_THEN_NAME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})(${LINK}${NAME}|${NAMED})`, 'g');
// Kept apart from ROOM_THEN_NAME (and run only on text with a comma): one alternation more there
// makes every message's scan three times slower.
const ROOM_COMMA_NAME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})(${CALLED})`, 'g');
// "那户收废品的 姓柴 住102": a surname said, then the room they live in.
const SURNAME_THEN_ROOM = new RegExp(`姓\\s?(?:${COMPOUND_SURNAMES}|[${SURNAMES}])[\\s，,]{0,2}(?:的\\s?)?住(?:在)?\\s?(${BUILDING}{0,3})(\\d{3,4})(?![\\d号號])`, 'g');
// Voice input runs a name into the next words ("…六零二的马秀兰楼上…", "郭淑琴一个人住六号楼…"): there a
// surname and two characters that people's given names are made of are a name, whatever follows.
const NAME_CHARS =
  '秀英兰芬华明国强德福桂玉淑珍芳丽美红军建平文志海金凤荣香梅霞云琴莲兴春生林宝成永忠良兵东萍静娟敏燕丹' +
  '艳婷颖玲洁慧秋菊翠琳雪晶俊杰涛斌超刚辉勇健峰磊伟鹏飞宇浩波亮新立民胜利长安庆祥瑞泉清山松柏树梁栋才仁' +
  '义礼智信贵富有全喜顺发达昌盛光耀君子雅惠贤彩爱花月仙娥妹娣好兆家振中贞琼蓉蓓学';
const VOICE_NAME = `(?:${SURNAME}[${NAME_CHARS}]{2})`;
const ROOM_THEN_VOICE_NAME = new RegExp(`${ROOM_START}(${BUILDING}{1,3})(${ROOM})的?(${VOICE_NAME})`, 'g');
// "住在", "家住", "就住": where a named person lives, before the address.
const LIVES_AT = '(?:就住在|就住|家住在|家住|住在|住|家在)';
const NAME_THEN_ROOM = new RegExp(
  `((?:${NAME}|${SURNAME}${GIVEN}{1,2})[,，\\s]?(?:一个人|一人|自己|独自)?${LIVES_AT}\\s?(?:[\\u4e00-\\u9fff]{2,6}?(?=[\\d一二三四五六七八九十A-Za-z]))?${BUILDING}{0,3})(${ROOM})`,
  'g',
);
const LAST_DIGITS = /\d+(?=\D*$)/;
// "陈大文 5栋1203", "王阿姨 民安小区3号楼401": a name, then the estate, building and room where the
// person lives. With that address after it any surname makes a full name, standing alone or after a
// kin word ("梁少芬 8座602", "黄玉珍，3栋C座2206", "我爸孟庆海 民安小区6号楼1单元302", "刘永强5号楼4门201",
// "赵德山 板桥胡同12号院3号"). The buildings are taken lazily: "…5号院2号 139 1088 2351" ends at 2号.
const ESTATE_NAME = '(?:[\\u4e00-\\u9fff]{2,6}?(?:小区|花园|新村|家园|公寓|苑|胡同|里|弄|路|街|巷|村))';
const ANY_FULL_NAME_BEFORE_ADDRESS = `(?:(?<![\\u4e00-\\u9fff])|(?<=[爸妈婆公伴儿奶爷姨舅叔伯]|叫|加上|报一个))(?:${COMPOUND_SURNAMES}|[${SURNAMES}])${OFFICE}(?:${GIVEN_LOOSE}{2}|(?<=[${PLAIN_SURNAMES}])${GIVEN_LOOSE})家?(?:[,，\\s(（]{1,2}|(?=[\\d一二三四五六七八九十两]))`;
const NAME_BEFORE_ROOM = new RegExp(`((?:${NAME}(?:家)?[,，\\s(（]{0,2}|${ANY_FULL_NAME_BEFORE_ADDRESS})${ESTATE_NAME}?${BUILDING}{1,3}?)(${ROOM})`, 'g');
// "邹姨家402是吧": whose home, and its door.
const NAME_HOME_ROOM = new RegExp(`(${NAME}家)(${ROOM})(?![多余])`, 'g');
// "一楼左手那家姓孙的", "4楼 右手那家 姓钱": a floor, the door on it, and the family's surname (the door is masked).
const FLOOR_SIDE_SURNAME = new RegExp(`([\\d一二三四五六七八九十]{1,2}\\s?[楼层樓層]\\s?)(左手|右手|左边|右边|东边|西边|东头|西头|对门|中间)(?:那家|那户|那一家|第一家)?\\s?(?:是\\s?)?姓\\s?${SURNAME}`, 'g');
// "B座1203 Lily", "3栋502的Kevin": a room with a building, then an English name.
// A room, then straight away a full name of any surname with two given characters and 家 or a
// pause after it ("5号楼702马建军家两口子…", "401马建国家里…").
const ROOM_FULL_NAME_HOME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})(${SURNAME})(${GIVEN_LOOSE}{1,2})(?=家|[，,。\\s!！?？]|$|是|系|係|嘅|我|他|她|脚|腿|一个人|(?<=[\\u4e00-\\u9fff]{3})的|1[3-9]\\d{9}(?!\\d))`, 'g');
// "我是3单元201的周晓燕": room, 的, and a three-character name set apart — any surname then (周 starts
// words too, but not a room's 的 and a name-shaped word with a pause after it).
const ROOM_OF_FULL_NAME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})的\\s?(${SURNAME})(${GIVEN}{2})(?=$|[\\s,，。.!！?？、]|家|是|我|他|她|一个人)`, 'g');
// A room, a space, and a full name standing alone ("12幢301 周桂英 疫苗能不能改", or the writer's parent
// named: "16号楼3单元402 我妈刘桂芝"): the spaces set the name apart, so any surname will do.
const ROOM_SPACE_NAME = new RegExp(`${ROOM_START}(${BUILDING}{1,3})(${ROOM})\\s(?:(?:我|俺)(?:妈|爸|老妈|老爸|母亲|父亲|老母亲|老父亲|奶奶|爷爷|外婆|外公|婆婆|公公|老伴)(?:叫)?\\s?)?(${SURNAME})(${GIVEN_LOOSE}{1,2})(?=$|[\\s,，。.!！?？、]|是|系|係|我|家(?:$|[\\s,，。.!！?？、]))`, 'g');
// "我阿婆住3栋1102，符桂英，八十多了": an address, then a full name set apart by commas on both sides —
// any surname then.
const ROOM_COMMA_FULL_NAME = new RegExp(`${ROOM_START}(${BUILDING}{1,3})(${ROOM})[，,]\\s?(${SURNAME})${OFFICE}(${GIVEN_LOOSE}{2})(?=[，,。！!]|\\s*$)`, 'g');
// The room-and-full-name forms (groups alike: building, room, surname, given name); 的 is needed by one.
const ROOM_AND_FULL_NAME = [ROOM_FULL_NAME_HOME, ROOM_SPACE_NAME, ROOM_COMMA_FULL_NAME];
const ROOM_AND_FULL_NAME_WITH_OF = [ROOM_FULL_NAME_HOME, ROOM_OF_FULL_NAME, ROOM_SPACE_NAME, ROOM_COMMA_FULL_NAME];
// A room and a family by its surname ("隔壁1203王家的小孩", "502陈家"): whose door it is.
const ROOM_FAMILY = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})\\s?(?:的)?((?![农商万])${SURNAME}家|老${SURNAME}家)(?![具电政务居乡常长人])`, 'g');
// "上面是502王", "我是21号402陆": a room and a bare surname, the way residents sign (the surname
// ends the sentence or the clause).
const ROOM_SURNAME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})\\s?([${PLAIN_SURNAMES}])(?=$|[\\s,，。.!！?？、;；])`, 'g');
// A group-buy list (接龙), one entry a line: number, who, where, what ("1. 甘 B座1903 烤鸭1只", "2. 宋 仁和巷14号附2号
// 微辣1斤", "3. Momo A座1507 1只"): whatever stands between the entry's number and the address is a person.
const LIST_ENTRY_ADDRESS = new RegExp(`^\\s*\\d{1,3}\\s?[.、．)）]\\s?(?![今明后昨前]天|[上中下]午|早上|晚上|今晚|[本下上]?周|星期|礼拜)(?:[\\u4e00-\\u9fff]{1,4}|[A-Za-z][A-Za-z .]{0,14})(?:[（(][^）)\\n]{1,10}[）)])?\\s?(?:[\\u4e00-\\u9fff]{1,5}(?:巷|路|街|弄|里)(?=\\d)|[\\u4e00-\\u9fff]{2,6}(?:小区|花园|苑|家园|新村)(?=[\\dA-Za-z一二三四五六七八九十]))?(${BUILDING}{0,3})(${ROOM}|\\d{1,3}[号號](?:附\\d{1,2}[号號])?|\\d{1,2}[楼樓层層])(?=[\\s（(，,]|$)`, 'gm');
// "5. 18-1-601 小芸 1颗", "3. 20号楼3单元502 路明 2斤": in a numbered order list the word between the room
// and the quantity is who ordered — any name, not only a common surname (8 of 8 such entries in the
// read sets; a word ending like food — 烤鸭, 粽子 — is the item, not a name).
const LIST_ENTRY_ROOM_NAME = new RegExp(`^\\s*\\d{1,3}\\s?[.、．)）]\\s?(${BUILDING}{0,3}(?:${ROOM}))\\s([\\u4e00-\\u9fff]{2,3})(?<![鸭鸡鹅鱼肉菜米面蛋果奶油茶酒饼粽虾蟹枣梨桃瓜橙柑柚笋豆糕馍饺子])(?=\\s?(?:\\d{1,3}|[一两二三四五六七八九十])\\s?(?:颗|斤|只|个|份|箱|袋|盒|瓶|桶|件|套|包|提|kg|g|公斤|千克)(?![\\u4e00-\\u9fff]))`, 'gm');
// "郝老师 6-1-302", "王阿姨 4-1802", "小雨妈妈 9-1-301" (a group-buy list): a name — or a child's
// parent, as mothers sign — then a building-unit-room or building-room number.
const CHILDS_ELDER = '妈妈|爸爸|奶奶|爷爷|外婆|外公|姥姥|姥爷';
const CHILDS_PARENT = `(?:[小大][\\u4e00-\\u9fff]|[\\u4e00-\\u9fff]{2})(?:${CHILDS_ELDER}|妈|爸)`;
// "3栋1单元1803 糖糖外婆": a door and the grandmother or parent of a child called by a doubled name.
const DOUBLED_NAME_ELDER = new RegExp(`([\\u4e00-\\u9fff])\\1(?:${CHILDS_ELDER})`);
const ROOM_CHILDS_PARENT = new RegExp(`${ROOM_START}(${BUILDING}{1,3})(${ROOM})\\s?(?:的\\s?)?([\\u4e00-\\u9fff])\\3(?:${CHILDS_ELDER})`, 'g');
const NAME_THEN_DASHED_ROOM = new RegExp(`((?:${NAME}|${SURNAME}${GIVEN}{1,2}(?=[(（])|${CHILDS_PARENT}(?=\\s))[,，:：\\s(（]{0,2}(?:[她他]?家(?:是|在|住)?\\s?)?)(\\d{1,3}-\\d{1,3}-\\d{2,4}|\\d{1,3}-\\d{3,4})(?![\\d\\-.年元块号点])`, 'g');
// "7-3-101 于德海": a building-unit-room number needs no building word before the name.
const DASHED_ROOM_SPACE_NAME = new RegExp(`${ROOM_START}(\\d{1,3}-\\d{1,3}-\\d{2,4})\\s(${SURNAME})(${GIVEN_LOOSE}{1,2})(?=$|[\\s,，。.!！?？、]|${TITLES})`, 'g');
// "文化路42号3楼 王桂英婆婆", "十二巷7号 黄秀英阿婆", "28号院东屋 刘桂兰": a street address down to the door, and a name —
// also with no space when the name ends the clause ("12巷3号黄凤英 门冇锁").
const ADDRESS_DOOR = `(?:[\\d一二三四五六七八九十]{1,3}(?:巷|弄|排|号|號|楼|樓|层|層)附?){2,4}|(?:巷子?|弄堂?|胡同|街|路)[\\d一二三四五六七八九十]{1,3}(?:号|號)(?:附\\d{1,2}(?:号|號))?|[\\d一二三四五六七八九十]{1,3}号院(?:[东西南北](?:屋|厢房?)|正房|后院)`;
const ADDRESS_SPACE_NAME = new RegExp(`(${ADDRESS_DOOR})(?:(?:\\s|的\\s?|\\s的\\s?)(?:阿公|阿婆|阿嬷|阿伯|奶奶|爷爷|外婆|外公|老人)?(${SURNAME})(${GIVEN_LOOSE}{1,2}?)(?=${TITLES}|$|[\\s,，。！!？?是家住在])|(${SURNAME})(${GIVEN}{1,2})(?=$|[\\s,，。！!？?]|家|一个人|住))`, 'g');
// "谢池巷23号陈阿婆是一个人住的", "3排7号孙大爷俩天没见着": a door and an old neighbour called by surname and title,
// run together (a shop is not called 阿婆).
const ADDRESS_ELDER = new RegExp(`(${ADDRESS_DOOR})(?:的)?${SURNAME}(?:${ELDER_TITLES.join('|')})`, 'g');
// "吴秀英 西巷17号", "马玉梅，住4排5号": a full name, then the door it lives behind.
const NAME_SPACE_ADDRESS = new RegExp(`(?<![\\u4e00-\\u9fff])(${SURNAME})${OFFICE}(${GIVEN}{1,2})[\\s,，]{1,2}(?:住(?:在)?)?((?:[\\u4e00-\\u9fff]{0,4}(?:巷|弄|排|组|胡同|街|路|村|埕)|[\\d一二三四五六七八九十]{1,3}(?:排|组|巷))[\\d一二三四五六七八九十]{1,3}(?:号|號))(?![\\d楼樓])`, 'g');
const ROOM_LATIN_NAME = new RegExp(`${ROOM_START}(${BUILDING}{1,3})(${ROOM})(\\s?(?:的\\s?)?)((?:(?:Mr|Mrs|Ms|Miss|Dr)\\.?\\s?)?[A-Z][a-z]{2,9})(?![A-Za-z])`, 'g');
// "Villa 12, Thomas Becker", "Villa 5 Mr. Dubois": a villa and the family in it.
// "Block C 2202 Tom Zhang", "Tower 2 1503 Mrs Lee": a block, a flat and a name.
const BLOCK_ROOM_NAME = /\b(?:[Bb]lock|[Bb]lk|[Tt]ower)\s?[A-Z0-9]{1,2},?\s(\d{3,4})[\s,]{1,3}(?:(?:[Mm]rs?|[Mm]s|[Mm]iss|[Dd]r)\.?\s?[A-Z][a-z]{1,12}|[A-Z][a-z]{1,12}\s[A-Z][a-z]{1,12})(?![A-Za-z])/g;
const BLOCK_HASH_ROOM_NAME = /\b(?:[Bb]lock|[Bb]lk|[Tt]ower|[Bb]ldg)\s?[A-Z0-9]{1,2},?\s#(\d{3,4})\s?(?:の\s?)?(?:[A-Z](?:'[A-Z])?[a-z]{1,12}|[\uac00-\ud7a3]{2,4}|[\u4e00-\u9fff]{2,3}(?=さん|です|\s|[,，。.!！]|$))/g;
// English names beside a room, as residents of mixed compounds write them: "Room 2201 Jessica here",
// "T1-1603, Raj Kumar", "1201业主 Mr. Zhang", "Emily Chen 3幢1203", "Lucas from Tower 5, 5-1802".
const EN_GIVEN = "[A-Z](?:'[A-Z])?[a-zà-öø-ÿ]{1,12}";
const EN_PERSON = `(?:(?:[Mm]rs?|[Mm]s|[Mm]iss|[Dd]r)\\.?\\s?${EN_GIVEN}|${EN_GIVEN}\\s${EN_GIVEN})`;
const EN_ROOM_FIRST_NAME = new RegExp(`(?<![A-Za-z])(?:[Rr]oom|ROOM|[Rr]m|[Ff]lat|[Aa]pt|[Uu]nit)\\.?\\s?(\\d{1,2}-\\d{1,2}-\\d{3,4}|\\d{1,2}-\\d{3,4}|\\d{3,4})[\\s,]{1,2}${EN_GIVEN}(?:\\s${EN_GIVEN})?(?=\\s(?:here|speaking|from|at|in)\\b|\\s?[,.!;:]|$)`, 'g');
const DASHED_ROOM_EN_PERSON = new RegExp(`(?<![\\w-])((?:[A-Z]\\d{1,2}-)?\\d{1,2}-\\d{3,4}|[A-Z]\\d{1,2}-\\d{3,4})[,，\\s(（]{1,3}${EN_PERSON}(?![A-Za-z])`, 'g');
const ROOM_ROLE_EN_PERSON = new RegExp(`${ROOM_START}(\\d{1,2}-\\d{3,4}|\\d{3,4})\\s?(?:的\\s?)?(?:业主|住户|租户|户主|房主|owner|tenant)\\s?(?:is\\s)?${EN_PERSON}(?![A-Za-z])`, 'g');
const ROOM_EN_TITLE = new RegExp(`${ROOM_START}(\\d{3,4})\\s?(?:(?:[Mm]rs?|[Mm]s|[Mm]iss|[Dd]r)\\.?\\s?${EN_GIVEN})(?![A-Za-z])`, 'g');
const EN_PERSON_FROM_ROOM = new RegExp(`${EN_GIVEN}(?:\\s${EN_GIVEN})?\\s(?:from|in|at|of)\\s(?:[Tt]ower|[Bb]lock|[Bb]uilding|[Bb]ldg)\\s?[A-Z0-9]{1,2},?\\s(\\d{1,2}-\\d{3,4}|\\d{3,4})(?![\\d-])|${EN_GIVEN}\\s${EN_GIVEN}\\s(?:from|in|at|of)\\s(\\d{1,2}-\\d{1,2}-\\d{3,4}|\\d{1,2}-\\d{3,4})(?![\\d-])`, 'g');
// …or a resident introducing themselves by a given name ("this is Priya from A-1608", "I'm Tom in 12-302").
const EN_SELF_FROM_ROOM = new RegExp(`(?<=\\b(?:I'm|I am|[Tt]his is|[Ii]t's|[Nn]ame is)\\s)${EN_GIVEN}\\s(?:from|in|at|of)\\s((?:[A-Z]\\d{0,2}-)?\\d{1,2}-\\d{3,4}|[A-Z]\\d{0,2}-\\d{3,4}|\\d{3,4})(?![\\d-])`, 'g');
// "阿不都热合曼", "哈丽旦", "帕提古丽·买买提": Uyghur and Kazakh names are written in characters
// of their own that no surname list holds; after a room (or, dotted, before 住 and a room) they are a name.
const TRANSLIT = '阿艾爱买提古丽帕热合曼尔克江汗拜吐尼孜娜依米迪力夏木扎哈旦不都库玛努尤素甫塔吉萨沙亚麦斯坎布其巴图娅莎茹罕别苏坦拉穆默德伊兰优赛加衣赫吾';
const ROOM_HANGUL_NAME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})\\s?(?:的\\s?)?[\\uac00-\\ud7a3]{2,4}(?![\\uac00-\\ud7a3])`, 'g');
const ROOM_TRANSLIT_NAME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})\\s?(?:的\\s?)?[${TRANSLIT}]{3,8}(?=家|是|$|[\\s,，。！!？?、]|大叔|大爷|大妈|大姐|大哥|阿姨|老人|爷爷|奶奶|一个人)`, 'g');
// …and after a room a dotted name of any characters ("302的阿卜杜热合曼·艾买提", "1502的叶尔兰·别克家").
const ROOM_DOTTED_NAME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})${LINK}[\\u4e00-\\u9fff]{1,6}·[\\u4e00-\\u9fff]{2,6}`, 'g');
// Tibetan, Mongol, Kazakh, Dai and Yi names are built of a few dozen common parts (卓玛, 次仁, 旺堆, 洛桑,
// 乌仁, 图雅, 额尔敦, 叶尔兰, 岩罕, 木呷…): next to a room, a word holding one is a person ("3号院2单元201 次仁旺堆",
// "6号院601洛桑家", "额尔敦大哥就住2单元502").
const NAME_PART =
  '卓玛|次仁|扎西|旺堆|洛桑|平措|达瓦|格桑|央金|拉姆|尼玛|多吉|德吉|索朗|索南|普布|边巴|次旦|旦增|顿珠|白玛|曲珍|卓嘎|仁增|益西|丹增|才让|才旦|措姆|拉巴|巴桑|桑珠|强巴|贡布|乌仁|图雅|额尔敦|巴特尔|其其格|斯琴|乌日娜|苏和|朝鲁|宝音|那仁|格日勒|敖登|孟和|叶尔兰|叶尔肯|努尔兰|阿依达娜|加娜尔|' +
  // Dai (岩罕, 玉香, 波涛岩罕) and Yi (海来木呷, 吉克阿依) names of Yunnan and Liangshan
  '岩罕|岩温|岩香|岩应|岩保|岩坎|玉罕|玉香|玉应|玉南|咪罕|咪香|依香|南香|木呷|阿呷|伍呷|吉克|阿依|沙马|曲比|尔古|马海|瓦其|勒格|果基|俄木|吉伍|日色';
const HAS_NAME_PART = new RegExp(NAME_PART);
const PARTS_NAME = `[\\u4e00-\\u9fff]{0,2}?(?:${NAME_PART})[\\u4e00-\\u9fff]{0,2}?`;
const PARTS_NAME_END = '(?=家|阿佳|阿妈|阿爸|大哥|大姐|大叔|大爷|阿姨|奶奶|爷爷|老人|是|的|就|一个人|$|[\\s,，。！!？?、])';
const ROOM_PARTS_NAME = new RegExp(`${ROOM_START}(${BUILDING}{0,3})(${ROOM})${LINK}${PARTS_NAME}${PARTS_NAME_END}`, 'g');
const PARTS_NAME_ROOM = new RegExp(`(${PARTS_NAME}${PARTS_NAME_END}(?:阿佳|大哥|大姐|大叔|大爷|阿姨|奶奶|爷爷)?[,，\\s]?(?:一个人)?${LIVES_AT}\\s?${BUILDING}{0,3})(${ROOM})`, 'g');
const DOTTED_NAME_ROOM = new RegExp(`([\\u4e00-\\u9fff]{2,6}·[\\u4e00-\\u9fff]{2,6}[^\\d\\n]{0,8}?(?:住在|住|在)\\s?${BUILDING}{1,3})(${ROOM})`, 'g');
const EN_PERSON_DASHED_ROOM = new RegExp(`(?<![A-Za-z])(?!(?:Mrs?|Ms|Miss|Dr)\\b)${EN_GIVEN}\\s${EN_GIVEN}[,，\\s(（]{1,3}(?:(?:Apt|Flat|Room|Unit|#)\\.?\\s?)?(\\d{1,2}-\\d{1,2}-\\d{3,4}|\\d{1,2}-\\d{3,4}|(?:Villa|House)\\s\\d{1,3})(?![\\d-])`, 'g');
const EN_PERSON_BEFORE_ROOM = new RegExp(`(${EN_GIVEN}\\s${EN_GIVEN}\\s?(?:,\\s?)?${BUILDING}{1,3})(${ROOM})`, 'g');
const VILLA_NAME = /\b(?:[Vv]illa|[Hh]ouse)\s?(\d{1,3})[\s,，:]{0,3}(?:(?:[Mm]rs?|[Mm]s|[Mm]iss|[Dd]r)\.?\s?[A-Z][a-z]{1,12}|[A-Z][a-z]{1,12}\s(?:[A-Z][a-z]{1,12}|family))(?![A-Za-z])/g;

// ---------------------------------------------------------------------------------------------

const QUICK_REJECT = new RegExp(`[\\d\\uFF10-\\uFF19\\u2460-\\u2468\\u24EA${CN_DIGIT_CHARS}]`);

// (A number read out in pinyin has no digit at all: "yao san ba …".)
const PINYIN_PHONE_AT_ALL = new RegExp(PINYIN_PHONE.source, 'i');

// Words of everyday chat that start with a character that is also a surname: after a room number
// they are what is there, not who ("1502施工队", "501阳台堆的纸壳子", "3栋502 毛坯房", "贴住张纸写住F座702").
// Two-character words from the training and development sets' cuts that start with a surname, seen in
// three messages or more, never tagged a person's name by jieba and never inside a labelled name; a
// few added by hand (张纸, 毛坯, 燕子, 花盆, 谢谢) and a few left out (周家 is the Zhou family, 欧阳 a surname).
const COMMON_WORD_AFTER_ROOM = new Set(
  (
    '万一万州严禁严重乌兰乐城任何位置何解余额储水党群兰州关上关严关于关心关掉关机关注关爱关窗关系关紧关门关闭农家农村农行冷天冷气冷静冷风凌晨利索劳动包子包裹包邮卫生印子危险厉害古城吉林周一周三周二周五周六周到' +
    '周四周围周岁周日周末周边呼叫呼吸呼呼呼市呼扇哈哈商户商行商量商铺喇叭夏天夏季季度宁海宣传宿舍封闭尤其巴士干事干净干嘛干活干燥幸亏幸好应急应该张纸强行成堆成山成排成片成群成都戴帽支持支架文件文化文字方便' +
    '方向方案施工智能曲江杭州查完查查查看查表柳州柴火武汉母亲毛坯毛病江北江南江滨江苏江边江门池子沈阳沙井沙包沙发沙子沙岛沙袋海上海南海口海湾海鲜海鸥温度游客游泳湛江焦味焦糊燕子牛奶牛油牛肉申办申请申领白天' +
    '白色白菜白蚁盖板石头石板石榴石油祖庙程序童车米果羊排羊汤羊肉舒服花盆苏州范围蓝色衡水衣服衣架衣柜衣物衣裳解决解冻计划豆包豆腐费劲费用辛苦边上边度连夜连续迟到迟早邢台郑州金属金毛金额钟头钱包银川银色银行' +
    '闻到闻见阳台项圈项目颜色马上马桶马路高价高压高发高处高头高层高温高空高考高龄鲜花麻将麻烦麻糖麻辣黄水黄河黄泥黄灯黄线黄色黄花龙头龙江龙泉龙津谢谢'
  ).match(/../g),
);

function collect(text: string): Found[] {
  if (!QUICK_REJECT.test(text) && !(/[a-z]/i.test(text) && PINYIN_PHONE_AT_ALL.test(text))) return [];
  const wide = foldWide(text);
  const digits = foldDigits(wide);
  const found: Found[] = [];

  for (const m of digits.matchAll(ID18)) {
    const compact = m[0].replace(/[ -]/g, '');
    if (ID_DATE18.test(compact) && m[0].length - compact.length <= 4) {
      found.push(idMask(m.index, m.index + m[0].length, text, digits));
    }
  }
  for (const m of digits.matchAll(ID_START)) {
    if (ID_DATE18.test(m[0])) found.push(idMask(m.index, m.index + m[0].length, text, digits));
  }
  for (const m of digits.matchAll(ID15)) {
    if (ID_DATE15.test(m[0])) found.push(idMask(m.index, m.index + m[0].length, text, digits));
  }
  // Passports and rooms with English or pinyin names need Latin letters: most messages have none.
  // (A foreign passport's number may be digits only: "护照号码548213907".)
  const latin = /[A-Za-z]/.test(wide);
  // A passport number, after the word or in the Chinese passport's own form (E + 8 digits):
  // the letters and the last two digits stay.
  for (const m of latin || /护照|護照/.test(wide) ? wide.matchAll(PASSPORT) : []) {
    const no = m[1] ?? m[2] ?? m[3]!;
    const start = m.index + m[0].length - no.length;
    const keep = no.match(/^[A-Za-z]*/)![0].length;
    found.push({ kind: 'id_number', start, end: start + no.length, maskStart: start + keep, maskEnd: start + no.length - 2, mask: '*'.repeat(no.length - keep - 2) });
  }

  for (const m of digits.matchAll(MOBILE)) {
    const start = m.index;
    const numStart = start + (m[1]?.length ?? 0);
    const end = start + m[0].length;
    if (!plausibleSeparators(m[2], text.slice(numStart, end))) continue;
    found.push(phoneMask(start, numStart, end, text, digits, 3));
  }
  for (const m of digits.matchAll(LANDLINE)) {
    const start = m.index;
    const localStart = start + m[1].length + m[2].length;
    found.push(phoneMask(start, localStart, start + m[0].length, text, digits, 0));
  }
  // (Dialled from abroad with 00 instead of +: "0063 917 552 3081".)
  for (const m of wide.includes('+') || /(?<!\d)00[1-9]/.test(digits) ? digits.matchAll(INTL_PHONE) : []) {
    // A phone has a group of three digits or more; "+15 20 30 40" is a list of figures.
    if (!m[2]!.split(/[\s-]/).some((g) => g.length >= 3)) continue;
    // (00 and a run of digits with no space is more often an order or a code than a phone.)
    if (m[1]!.startsWith('00') && !/[\s-]/.test(m[0])) continue;
    found.push(phoneMask(m.index, m.index + m[1]!.length, m.index + m[0].length, text, digits, 0));
  }
  for (const m of digits.matchAll(NEARBY_MOBILE)) {
    const prefix = m[1] ?? m[3]!;
    found.push(phoneMask(m.index, m.index + prefix.length, m.index + m[0].length, text, digits, 0));
  }
  for (const m of latin ? wide.matchAll(ROOM_PINYIN_NAME) : []) {
    const givenStart = m.index + m[1]!.length + m[2]!.length + m[3]!.length + m[4]!.length;
    found.push({
      ...roomMask(m.index, m.index, m[1]!, m.index + m[0].length),
      also: { start: givenStart, end: givenStart + m[5]!.length, mask: '*'.repeat(m[5]!.length) },
    });
  }
  for (const m of latin ? wide.matchAll(DONG_ROOM_NAME) : []) {
    const roomAt = m.index + m[0].indexOf(m[1]!, m[0].search(/dong/i));
    const nameAt = m.index + m[0].length - m[2]!.length;
    found.push({ ...roomMask(m.index, roomAt, m[1]!, m.index + m[0].length), also: { start: nameAt, end: nameAt + m[2]!.length, mask: '*'.repeat(m[2]!.length) } });
  }
  for (const m of latin ? wide.matchAll(PINYIN_PHONE) : []) {
    // The first three digits stay, as in 138****: the rest of the spoken number is masked.
    const kept = /^(?:\S+[\s-]?){3}/.exec(m[0])![0].length;
    found.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, maskStart: m.index + kept, maskEnd: m.index + m[0].length, mask: '****' });
  }
  for (const m of latin ? wide.matchAll(ROOM_EN_NAME) : []) {
    const room = (m[1] ?? m[2])!;
    const roomAt = m.index + m[0].indexOf(room);
    found.push(roomMask(m.index, roomAt, room, m.index + m[0].length));
  }
  for (const m of latin ? wide.matchAll(EN_NAME_ROOM) : []) {
    const room = (m[1] ?? m[2])!;
    const roomAt = m.index + m[0].lastIndexOf(room);
    found.push(roomMask(m.index, roomAt, room, m.index + m[0].length));
  }
  // "她叫周金娣，住坛弄17号", "住在31号前厢房，名字叫周桂英": a name given with 叫 and where that person
  // lives, in one message, are a room and a name apart.
  // ("住的5栋，房号是2单元401": the building and the door, each masked.)
  const called = CALLED_NAME.exec(text);
  if (called) {
    const nameAt = called.index + called[0].length - called[1]!.length;
    const name = { start: nameAt, end: nameAt + called[1]!.length, mask: '*'.repeat(called[1]!.length) };
    for (const housed of text.matchAll(HOUSED_AT)) {
      const number = housed[1] ?? housed[2]!;
      const numberAt = housed.index + housed[0].lastIndexOf(number);
      found.push({ kind: 'room_name', start: housed.index, end: housed.index + housed[0].length, maskStart: numberAt, maskEnd: numberAt + number.length, mask: '*'.repeat(number.length), also: name });
    }
  }
  for (const re of [MOBILE_IN_WORDS, MOBILE_TAIL_FIRST]) {
    for (const m of digits.matchAll(re)) {
      const at = digitPositions(digits, m.index, m.index + m[0].length);
      const end = m.index + m[0].length;
      // The middle four go: after the head in order, the last four when the tail was told first.
      const middle = re === MOBILE_IN_WORDS ? at.slice(3, 7) : at.slice(-4);
      found.push({ kind: 'phone', start: m.index, end, maskStart: middle[0]!, maskEnd: middle[3]! + 1, mask: '****' });
    }
  }
  for (const m of digits.matchAll(MOBILE_HEAD_THEN_TAIL)) {
    const head = digitPositions(digits, m.index, m.index + m[0].length);
    const tailAt = m.index + m[0].length - 4;
    found.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, maskStart: head[3]!, maskEnd: head[6]! + 1, mask: '****', also: { start: tailAt, end: tailAt + 4, mask: '****' } });
  }
  for (const m of digits.matchAll(LOCAL_AFTER_CUE)) {
    const start = m.index + m[0].length - m[1].length;
    found.push(phoneMask(start, start, start + m[1].length, text, digits, 0));
  }
  for (const m of digits.matchAll(MOBILE_PIECE_AFTER_CUE)) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push(allDigitsMask('phone', start, start + m[1]!.length, text, digits));
  }
  for (const m of digits.matchAll(MISTYPED_AFTER_CUE)) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push(allDigitsMask('phone', start, start + m[1]!.length, text, digits));
  }
  for (const m of digits.includes('尾') ? digits.matchAll(PHONE_TAIL) : []) {
    const start = m.index + m[0].length - 4;
    found.push(allDigitsMask('phone', start, start + 4, text, digits));
  }
  const alone = NUMBER_ALONE.exec(digits);
  if (alone) found.push(allDigitsMask('phone', alone.index + alone[0].indexOf(alone[1]!), alone.index + alone[0].indexOf(alone[1]!) + alone[1]!.length, text, digits));
  for (const m of digits.matchAll(TW_MOBILE)) found.push(phoneMask(m.index, m.index, m.index + m[0].length, text, digits, 0));
  for (const m of wide.matchAll(HK_MO_ID)) found.push(allDigitsMask('id_number', m.index, m.index + m[0].length, text, digits));
  for (const m of digits.matchAll(LOCAL_NEAR_CUE)) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push(phoneMask(start, start, start + m[1]!.length, text, digits, 0));
  }
  for (const m of latin ? wide.matchAll(TW_ID) : []) found.push(allDigitsMask('id_number', m.index, m.index + m[0].length, text, digits));
  for (const m of latin ? wide.matchAll(TW_PLATE) : []) found.push(allDigitsMask('plate', m.index, m.index + m[0].length, text, digits));
  for (const m of digits.matchAll(SPACED_PLATE)) {
    const tail = m[3]!;
    if (!/\d/.test(tail)) continue;
    const tailStart = m.index + m[0].length - tail.length;
    found.push(allDigitsMask('plate', tailStart, m.index + m[0].length - 1, text, digits));
  }
  for (const m of wide.matchAll(EMBASSY_PLATE)) found.push(allDigitsMask('plate', m.index + 1, m.index + m[0].length, text, digits));
  for (const m of latin ? wide.matchAll(SPACED_PERMIT) : []) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push(allDigitsMask('id_number', start, start + m[1]!.length, text, digits));
  }
  for (const m of [...wide.matchAll(PERMIT), ...wide.matchAll(ID_PART_AFTER_CUE), ...wide.matchAll(ID_TAIL_AFTER_CUE), ...wide.matchAll(ID_HALF_STARRED)]) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push(allDigitsMask('id_number', start, start + m[1]!.length, text, digits));
  }
  for (const m of latin && /香港|港[牌车車]|港澳|粤港|粵港/.test(wide) ? wide.matchAll(HK_PLATE) : []) found.push(allDigitsMask('plate', m.index, m.index + m[0].length, text, digits));
  for (const m of latin ? wide.matchAll(MO_PLATE) : []) found.push(allDigitsMask('plate', m.index, m.index + m[0].length, text, digits));
  for (const m of latin ? wide.matchAll(PINYIN_PLATE) : []) found.push(allDigitsMask('plate', m.index, m.index + m[0].length, text, digits));
  for (const m of wide.matchAll(CITY_PLATE_AFTER_CUE)) {
    const start = m.index + m[0].length - m[1]!.length - 2;
    found.push(allDigitsMask('plate', start, m.index + m[0].length, text, digits));
  }
  for (const m of latin ? wide.matchAll(CITY_LETTER_PLATE) : []) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push(allDigitsMask('plate', start, start + m[1]!.length, text, digits));
  }
  for (const m of latin ? wide.matchAll(PLATE_AFTER_CUE) : []) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push(allDigitsMask('plate', start, start + m[1]!.length, text, digits));
  }

  for (const m of latin && CN_DIGIT_RE.test(wide) ? wide.matchAll(SPOKEN_PLATE) : []) {
    const tailStart = m.index + m[1]!.length;
    const end = m.index + m[0].length;
    found.push({ kind: 'plate', start: m.index, end, maskStart: tailStart, maskEnd: end - 1, mask: '*'.repeat(end - 1 - tailStart) });
  }
  for (const m of wide.matchAll(PLATE)) {
    const tailStart = m.index + m[1].length + m[2].length;
    const end = m.index + m[0].length;
    found.push({
      kind: 'plate',
      start: m.index,
      end,
      maskStart: tailStart,
      maskEnd: end - 1,
      mask: '*'.repeat(end - 1 - tailStart),
    });
  }

  // Rooms are also said in numerals by voice input (八号楼二单元三零一的王德福): read them as digits
  // (the fold keeps every character in place, so the spans index the original).
  const place = CN_DIGIT_RE.test(wide) ? digits : wide;
  for (const m of place.matchAll(ROOM_THEN_NAME)) {
    const roomStart = m.index + m[1].length;
    const nameAt = roomStart + m[2].length;
    found.push({ ...roomMask(m.index, roomStart, m[2], m.index + m[0].length), also: givenNameMask(wide, nameAt, m.index + m[0].length) });
  }
  if (/[，,]/.test(wide)) {
    for (const m of place.matchAll(ROOM_COMMA_NAME)) {
      const roomStart = m.index + m[1].length;
      const nameAt = roomStart + m[2].length;
      found.push({ ...roomMask(m.index, roomStart, m[2], m.index + m[0].length), also: givenNameMask(wide, nameAt, m.index + m[0].length) });
    }
  }
  for (const m of place.includes('家') ? place.matchAll(NAME_HOME_ROOM) : []) found.push({ ...roomMask(m.index, m.index + m[1].length, m[2], m.index + m[0].length), also: givenNameMask(wide, m.index, m.index + m[1].length) });
  for (const m of place.includes('姓') ? place.matchAll(FLOOR_SIDE_SURNAME) : []) found.push(roomMask(m.index, m.index + m[1].length, m[2], m.index + m[0].length));
  for (const m of place.matchAll(NAME_BEFORE_ROOM)) {
    const roomStart = m.index + m[1].length;
    found.push({ ...roomMask(m.index, roomStart, m[2], m.index + m[0].length), also: givenNameMask(wide, m.index, roomStart) });
  }
  // Room, surname, given name (groups 1–4 alike): the room and the given name are masked.
  for (const re of place.includes('的') ? ROOM_AND_FULL_NAME_WITH_OF : ROOM_AND_FULL_NAME) {
    for (const m of place.matchAll(re)) {
      const roomStart = m.index + m[1].length;
      const givenStart = m.index + m[0].length - m[4]!.length;
      found.push({ ...roomMask(m.index, roomStart, m[2], m.index + m[0].length), also: { start: givenStart, end: givenStart + m[4]!.length, mask: '*'.repeat(m[4]!.length) } });
    }
  }
  // (Cheap tests first: most messages have no 家, no dashed room and no 巷/号 address.)
  const dashed = /\d-\d/.test(wide);
  for (const m of wide.includes('家') ? place.matchAll(ROOM_FAMILY) : []) found.push(roomMask(m.index, m.index + m[1].length, m[2], m.index + m[0].length));
  for (const m of dashed ? place.matchAll(DASHED_ROOM_SPACE_NAME) : []) {
    const givenStart = m.index + m[1]!.length + 1 + m[2]!.length;
    found.push({ ...roomMask(m.index, m.index, m[1]!, m.index + m[0].length), also: { start: givenStart, end: givenStart + m[3]!.length, mask: '*'.repeat(m[3]!.length) } });
  }
  const listed = /^\s*\d{1,3}\s?[.、．)）]/m.test(wide);
  for (const m of listed ? [...wide.matchAll(LIST_ENTRY_ADDRESS), ...(place === wide ? [] : place.matchAll(LIST_ENTRY_ADDRESS))] : []) {
    const roomStart = m.index + m[0].length - m[2]!.length;
    found.push(roomMask(m.index, roomStart, m[2]!, m.index + m[0].length));
  }
  for (const m of listed ? wide.matchAll(LIST_ENTRY_ROOM_NAME) : []) {
    const roomStart = m.index + m[0].indexOf(m[1]!);
    const givenStart = m.index + m[0].length - m[2]!.length + 1;
    found.push({ ...roomMask(m.index, roomStart, m[1]!, m.index + m[0].length), also: { start: givenStart, end: m.index + m[0].length, mask: '*'.repeat(m[2]!.length - 1) } });
  }
  for (const m of wide.includes('姓') ? place.matchAll(SURNAME_THEN_ROOM) : []) {
    found.push(roomMask(m.index, m.index + m[0].length - m[2]!.length, m[2]!, m.index + m[0].length));
  }
  for (const m of place.matchAll(ADDRESS_ELDER)) found.push(roomMask(m.index, m.index, m[1]!, m.index + m[0].length));
  for (const m of place.matchAll(ADDRESS_SPACE_NAME)) {
    // (Run together, only after a lane address or a floor: "玉林北路23号麻辣烫" is a shop,
    // "河街23号二楼李娭毑" a home — and so is any door with an old neighbour called so: "幸福路13号周娭毑",
    // whose door number is masked and whose 娭毑 is no name.)
    const elder = m[5] !== undefined && ELDER_TITLE.test(m[5]);
    if (m[5] && !elder && !/巷|弄|排|[楼樓层層]$/.test(m[1]!)) continue;
    const room = roomMask(m.index, m.index, m[1]!, m.index + m[0].length);
    if (elder) {
      found.push(room);
      continue;
    }
    const given = m[3] ?? m[5]!;
    const givenStart = m.index + m[0].length - given.length;
    found.push({ ...room, also: { start: givenStart, end: givenStart + given.length, mask: '*'.repeat(given.length) } });
  }
  for (const m of place.matchAll(NAME_SPACE_ADDRESS)) {
    const addressStart = m.index + m[0].length - m[3]!.length;
    const givenStart = m.index + m[1]!.length;
    found.push({ ...roomMask(m.index, addressStart, m[3]!, m.index + m[0].length), also: { start: givenStart, end: givenStart + m[2]!.length, mask: '*'.repeat(m[2]!.length) } });
  }
  for (const m of latin ? place.matchAll(BLOCK_ROOM_NAME) : []) {
    const at = m.index + m[0].indexOf(m[1]!, 5);
    found.push(roomMask(m.index, at, m[1]!, m.index + m[0].length));
  }
  for (const re of latin ? [EN_ROOM_FIRST_NAME, DASHED_ROOM_EN_PERSON, ROOM_ROLE_EN_PERSON, EN_PERSON_FROM_ROOM, EN_SELF_FROM_ROOM, ROOM_EN_TITLE, EN_PERSON_DASHED_ROOM, BLOCK_HASH_ROOM_NAME] : []) {
    for (const m of place.matchAll(re)) {
      const room = (m[1] ?? m[2])!;
      found.push(roomMask(m.index, m.index + m[0].lastIndexOf(room), room, m.index + m[0].length));
    }
  }
  for (const m of latin ? place.matchAll(EN_PERSON_BEFORE_ROOM) : []) found.push(roomMask(m.index, m.index + m[1]!.length, m[2]!, m.index + m[0].length));
  for (const m of /[\uac00-\ud7a3]/.test(wide) ? place.matchAll(ROOM_HANGUL_NAME) : []) found.push(roomMask(m.index, m.index + m[1]!.length, m[2]!, m.index + m[0].length));
  for (const m of place.matchAll(ROOM_TRANSLIT_NAME)) found.push(roomMask(m.index, m.index + m[1]!.length, m[2]!, m.index + m[0].length));
  for (const m of wide.includes('·') ? place.matchAll(DOTTED_NAME_ROOM) : []) found.push(roomMask(m.index, m.index + m[1]!.length, m[2]!, m.index + m[0].length));
  for (const m of wide.includes('·') ? place.matchAll(ROOM_DOTTED_NAME) : []) found.push(roomMask(m.index, m.index + m[1]!.length, m[2]!, m.index + m[0].length));
  if (HAS_NAME_PART.test(wide)) {
    for (const m of place.matchAll(ROOM_PARTS_NAME)) found.push(roomMask(m.index, m.index + m[1]!.length, m[2]!, m.index + m[0].length));
    for (const m of place.matchAll(PARTS_NAME_ROOM)) found.push(roomMask(m.index, m.index + m[1]!.length, m[2]!, m.index + m[0].length));
  }
  for (const m of latin ? place.matchAll(VILLA_NAME) : []) {
    const at = m.index + m[0].indexOf(m[1]!, 5);
    found.push(roomMask(m.index, at, m[1]!, m.index + m[0].length));
  }
  for (const m of place.matchAll(ROOM_SURNAME)) found.push(roomMask(m.index, m.index + m[1].length, m[2], m.index + m[0].length));
  for (const m of DOUBLED_NAME_ELDER.test(wide) ? place.matchAll(ROOM_CHILDS_PARENT) : []) found.push(roomMask(m.index, m.index + m[1]!.length, m[2]!, m.index + m[0].length));
  for (const m of dashed ? place.matchAll(NAME_THEN_DASHED_ROOM) : []) found.push({ ...roomMask(m.index, m.index + m[1].length, m[2], m.index + m[0].length), also: givenNameMask(wide, m.index, m.index + m[1].length) });
  for (const m of place.matchAll(ROOM_LATIN_NAME)) {
    const roomStart = m.index + m[1].length;
    found.push(roomMask(m.index, roomStart, m[2], m.index + m[0].length));
  }
  for (const m of place.matchAll(ROOM_THEN_VOICE_NAME)) {
    const roomStart = m.index + m[1]!.length;
    found.push({ ...roomMask(m.index, roomStart, m[2]!, m.index + m[0].length), also: givenNameMask(wide, roomStart + m[2]!.length, m.index + m[0].length) });
  }
  for (const m of place.matchAll(NAME_THEN_ROOM)) {
    const roomStart = m.index + m[1].length;
    found.push({ ...roomMask(m.index, roomStart, m[2], m.index + m[0].length), also: givenNameMask(wide, m.index, roomStart) });
  }

  return pickDisjoint(found.filter((f) => f.kind !== 'room_name' || !namesAWord(text, f)));
}

/** Whether what a room finding took for a name — after the room, or its given name's — is an everyday word. */
function namesAWord(text: string, f: Found): boolean {
  const word = (at: number) => COMMON_WORD_AFTER_ROOM.has(text.slice(at, at + 2));
  // (A finding that ends at its room, or a 室/号 after it, had its name before the room.)
  const nameAfterRoom = f.end - f.maskEnd >= 2;
  if (nameAfterRoom && word(f.maskEnd + /^[\s的是，,]*/.exec(text.slice(f.maskEnd))![0].length)) return true;
  return f.also !== undefined && word(f.also.start - 1);
}

/**
 * Digit runs separated by punctuation are often lists or prices ("13.5 12.8 16.9 18"), not phones.
 * Chinese-numeral phones may be spaced out digit by digit; Arabic ones get at most four breaks.
 */
function plausibleSeparators(number: string, original: string): boolean {
  const breaks = number.match(SEPARATOR_RUN);
  if (!breaks) return true;
  if (!/[0-9０-９]/.test(original)) return true;
  if (breaks.length === 10 && breaks.every((b) => b === ' ')) return true; // 1 3 8 1 2 3 …
  // "1 3 6 - 4 4 0 2 - 7 7 1 3": digit by digit, in a mobile's three groups.
  if (breaks.length === 10 && breaks.every((b) => /^[\s\-]+$/.test(b)) && breaks.filter((b) => b.includes('-')).length === 2) return true;
  if (breaks.length > 4) return false;
  if (breaks.length <= 2 || !breaks.some((b) => /[.,，、]/.test(b))) return true;
  // A mobile's own 3-4 grouping first ("158-2233 44.55"): no price list starts that way.
  const groups = number.split(SEPARATOR_RUN).map((g) => g.length);
  return groups[0] === 3 && groups[1] === 4;
}

function digitPositions(digits: string, from: number, to: number): number[] {
  const at: number[] = [];
  for (let i = from; i < to; i++) {
    const c = digits.charCodeAt(i);
    if (c >= 48 && c <= 57) at.push(i);
  }
  return at;
}

/** Mobile: 138****5678 (prefix kept). Landline: 0571-****6666. Digits keep their own spelling. */
function phoneMask(start: number, numStart: number, end: number, text: string, digits: string, keepHead: number): Found {
  const at = digitPositions(digits, numStart, end);
  const keep = (i: number) => text[at[i]];
  let mask = '';
  for (let i = 0; i < keepHead; i++) mask += keep(i);
  mask += '****';
  for (let i = at.length - 4; i < at.length; i++) mask += keep(i);
  return { kind: 'phone', start, end, maskStart: numStart, maskEnd: end, mask };
}

/** Every digit of the span as "*", letters and separators kept: a number too short or too foreign to keep a part of. */
function allDigitsMask(kind: PiiKind, start: number, end: number, text: string, digits: string): Found {
  let mask = '';
  for (let i = start; i < end; i++) mask += /\d/.test(digits[i]!) ? '*' : text[i];
  return { kind, start, end, maskStart: start, maskEnd: end, mask };
}

/** 320106********4418: region and check digits stay so staff can tell two people apart. */
function idMask(start: number, end: number, text: string, digits: string): Found {
  const at = digitPositions(digits, start, end);
  if (/[Xx]/.test(digits[end - 1])) at.push(end - 1);
  const head = at.slice(0, 6).map((i) => text[i]).join('');
  const tail = at.slice(-4).map((i) => text[i]).join('');
  return { kind: 'id_number', start, end, maskStart: start, maskEnd: end, mask: head + '*'.repeat(at.length - 10) + tail };
}

/** 3号楼2单元***的孙大爷: building and unit stay (staff need them), the room digits go. */
// A full name (张建国, 王秀英) names one person: beside a room its given name goes too (张**). A
// form of address (吴奶奶, 老张, 陈生) stays: staff need to know whose door to knock on.
// ("王秀英奶奶" is a full name with a title: its given name goes as well.)
const FULL_NAME_IN = new RegExp(`(?:${COMPOUND_SURNAMES}|[${PLAIN_SURNAMES}])(${GIVEN}{1,2}?)(?=${TITLES}|${NAME_END.slice(3, -1)})`, 'g');
const TITLE_START = new RegExp(`^(?:${TITLES}|${SURNAME_TITLES})`);

// After 叫 any surname starts a full name ("叫黄丽华").
const CALLED_NAME_IN = new RegExp(`叫\\s?(?:${COMPOUND_SURNAMES}|[${SURNAMES}])(${GIVEN}{1,2}?)(?=${TITLES}|${NAME_END.slice(3, -1)})`, 'g');

function givenNameMask(text: string, from: number, to: number): Found['also'] {
  const part = text.slice(from, to);
  for (const m of [...part.matchAll(CALLED_NAME_IN), ...part.matchAll(FULL_NAME_IN)]) {
    const givenStart = from + m.index + m[0].length - m[1]!.length;
    if (TITLE_START.test(text.slice(givenStart, to))) continue;
    return { start: givenStart, end: givenStart + m[1]!.length, mask: '*'.repeat(m[1]!.length) };
  }
  return undefined;
}

function roomMask(start: number, roomStart: number, room: string, end: number): Found {
  const last = LAST_DIGITS.exec(room);
  const digitsStart = roomStart + (last ? last.index : 0);
  const len = last ? last[0].length : room.length;
  return { kind: 'room_name', start, end, maskStart: digitsStart, maskEnd: digitsStart + len, mask: '*'.repeat(len) };
}

const PRIORITY: Record<PiiKind, number> = { id_number: 0, phone: 1, plate: 2, room_name: 3 };

function pickDisjoint(found: Found[]): Found[] {
  if (found.length < 2) return found;
  found.sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - b.start - (a.end - a.start));
  const kept: Found[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

/** Personal data in `text`, in order, as [start, end) offsets into `text`. */
export function findPii(text: string): PiiSpan[] {
  return collect(text).map(({ start, end, kind }) => ({ start, end, kind }));
}

/**
 * `text` with personal data masked: 138****5678, 0571-****6666, 320106********4418, 苏A·****8,
 * 3号楼2单元***的孙大爷. Everything else is returned as written.
 */
export function maskPii(text: string): string {
  const found = collect(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  const parts = found
    .flatMap((f) => [{ start: f.maskStart, end: f.maskEnd, mask: f.mask }, ...(f.also ? [f.also] : [])])
    .sort((a, b) => a.start - b.start);
  for (const p of parts) {
    if (p.start < at) continue;
    out += text.slice(at, p.start) + p.mask;
    at = p.end;
  }
  return out + text.slice(at);
}

// A run of seven or more digits in any spelling (Arabic, full-width, Chinese numerals), however
// separated: whatever it is, an LLM needs none of it to classify a message.
const DIGIT_RUN = /\d(?:[\s\-‐‑–—―~_.,，、·/|\\*()\[\]【】（）:：]{0,3}\d){6,}/g;

/**
 * The text that may leave for an LLM: `maskPii`, and then, as a last line of defence against a
 * spelling nobody foresaw, every remaining run of seven or more digits replaced by `****`.
 */
export function maskForLlm(text: string): string {
  const masked = maskPii(text);
  if (!QUICK_REJECT.test(masked)) return masked;
  const digits = foldDigits(foldWide(masked));
  let out = '';
  let at = 0;
  for (const m of digits.matchAll(DIGIT_RUN)) {
    out += masked.slice(at, m.index) + '****';
    at = m.index + m[0].length;
  }
  return out + masked.slice(at);
}
