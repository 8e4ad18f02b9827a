// One canonical form of a resident's message for matching: rules, the local model, the LLM cache
// key and the keyword lists all go through this, so "電悌壞脱了", "电梯坏了" and "ＤＩＡＮＴＩ坏了"
// meet the same keywords and n-grams.

/** Longest text the classifiers look at: a burst is short; a 10,000-character paste is not a report. */
export const MAX_CLASSIFY_CHARS = 1200;

// Common traditional characters → simplified (one character each way). Not a full converter:
// enough for the vocabulary residents use about homes, streets and services.
const TRADITIONAL =
  '電梯壞語說話請問謝題樓燈層區務業費園綠護廣場衛圾鄰們個這來還沒嗎會為麼對經過時間發現' +
  '開關門車輛聲噪處辦證戶號碼兒媽爺奶親節歲孫養齡補貼險醫療陽臺氣煤燃漏災險隱憂應急報警' +
  '偷盜騙詐打鬥賭違規擺攤販亂停場網頭屬當難幫給讓還換從後麵雞魚肉買賣錢貴價遠近邊裡裏' +
  '體檢傳達運輸進幾點鐘計劃劃單專業務勞動學習實際機構團購聯繫係統續斷線灣龍鳳風雲雨淚' +
  '陰陽顏色將軍長張東蘭華萬與產業興舊歡觀視覽讀寫書畫鐵鋼錯鎖鑰銀錶鍋飯飲館頓預領順須' +
  '願類顯飛馬驗髒鬧魯鳥麥黃齊齒龜圍圖團堅報場塊壓壩壯夢夠夾奮奪孫寧寶實審寫導尋對屆層屬' +
  '岡峽島嶺幣帥師帳帶幹廁廚廠廢廳彎徑徵態慣慮憑懷戀戰戲擁擋擔據擠攝擴擾攔換損搖搶撐撥撲' +
  '撿擊擬擱擲敗數斂斷於時晝暈暫曬書會朧東條來楊極構槍樁樂標樣樞橋機橫檔權歡歲歷歸殘殺殼' +
  '氣漢湯溝滅滿濕濟濤濱灑灘爐爭爛爲牆狀猶獨獲環現瑪瓏產畝異當疊療痺癢發盜盞盡監盤瞭礦碼' +
  '礙確禍禮稅稱種穩窩窮竄筆築簡簽籃紀約紅紙級紛細終組絕絡給統絲綁綜綫緊線練緩縣縮總績' +
  '繩繪繳罰罷聖聞聯聰職肅腦腳腫膚膠臉臨舉艙艦莊藥蘋處虛蟲蠟補裝製複襪見規覺親觸訂計認討' +
  '訓記設許訴診詞試詳誠誤誰調談諒論謀講證識譜譯議讚貓貝負財貨販貧責貸貿費賀資賓賠賬賺購' +
  '賽贈趕趙跡踐躍車軌軟較載輕輩輪輯輸轉轎辭農邊遞遲遺郵鄉醜釋針鈕鈴鉛鋪鋁鋸錄鍵鍾鎮鏡鐘' +
  '閃閉閑閒間閘閱闊隊階際陸隨險雖雙雜雞離靜響項順頁頂預頓頗領頭頸頻題額顆願顧風颱飄餐養餓' +
  '餘館饅駕騎騰驚髮鬆鬍魷鮮鴨鵝鹽麗黨點齡嘩噴嚇嚴囉囑爺牽猶獅貍蟑螂騷擾鈔缽窯竈煙灶辦塗著乾無攏佇';
const SIMPLIFIED =
  '电梯坏语说话请问谢题楼灯层区务业费园绿护广场卫圾邻们个这来还没吗会为么对经过时间发现' +
  '开关门车辆声噪处办证户号码儿妈爷奶亲节岁孙养龄补贴险医疗阳台气煤燃漏灾险隐忧应急报警' +
  '偷盗骗诈打斗赌违规摆摊贩乱停场网头属当难帮给让还换从后面鸡鱼肉买卖钱贵价远近边里里' +
  '体检传达运输进几点钟计划划单专业务劳动学习实际机构团购联系系统续断线湾龙凤风云雨泪' +
  '阴阳颜色将军长张东兰华万与产业兴旧欢观视览读写书画铁钢错锁钥银表锅饭饮馆顿预领顺须' +
  '愿类显飞马验脏闹鲁鸟麦黄齐齿龟围图团坚报场块压坝壮梦够夹奋夺孙宁宝实审写导寻对届层属' +
  '冈峡岛岭币帅师帐带干厕厨厂废厅弯径征态惯虑凭怀恋战戏拥挡担据挤摄扩扰拦换损摇抢撑拨扑' +
  '捡击拟搁掷败数敛断于时昼晕暂晒书会胧东条来杨极构枪桩乐标样枢桥机横档权欢岁历归残杀壳' +
  '气汉汤沟灭满湿济涛滨洒滩炉争烂为墙状犹独获环现玛珑产亩异当叠疗痹痒发盗盏尽监盘了矿码' +
  '碍确祸礼税称种稳窝穷窜笔筑简签篮纪约红纸级纷细终组绝络给统丝绑综线紧线练缓县缩总绩' +
  '绳绘缴罚罢圣闻联聪职肃脑脚肿肤胶脸临举舱舰庄药苹处虚虫蜡补装制复袜见规觉亲触订计认讨' +
  '训记设许诉诊词试详诚误谁调谈谅论谋讲证识谱译议赞猫贝负财货贩贫责贷贸费贺资宾赔账赚购' +
  '赛赠赶赵迹践跃车轨软较载轻辈轮辑输转轿辞农边递迟遗邮乡丑释针钮铃铅铺铝锯录键钟镇镜钟' +
  '闪闭闲闲间闸阅阔队阶际陆随险虽双杂鸡离静响项顺页顶预顿颇领头颈频题额颗愿顾风台飘餐养饿' +
  '余馆馒驾骑腾惊发松胡鱿鲜鸭鹅盐丽党点龄哗喷吓严啰嘱爷牵犹狮狸蟑螂骚扰钞钵窑灶烟灶办涂着干无拢伫';

const TRAD_MAP = new Map<string, string>();
{
  const t = [...TRADITIONAL];
  const s = [...SIMPLIFIED];
  for (let i = 0; i < t.length && i < s.length; i++) if (t[i] !== s[i]) TRAD_MAP.set(t[i], s[i]);
}

// Dialect, typo and voice-to-text variants → the common written form the keywords use.
// Ordered: longer, more specific phrases first.
const VARIANTS: Array<[RegExp, string]> = [
  [/唔该|多谢晒|多谢/g, '谢谢'],
  // 西北/晋语 么 for 没 ("又么水了", "敲门也么人应", "两天么见出门"), 东北 木事 for 没事: never
  // after the 么 of 什么/怎么/那么/这么/多么/要么.
  [/(?<![什怎那这多要甚为])么(?=[水电气有人见拿得事])/g, '没'],
  [/木事/g, '没事'],
  // 西南官话 莫得 is 没得 ("一点水都莫得"); 莫 alone stays "don't" (莫慌).
  [/莫得/g, '没得'],
  // …and 莫人 before answering or coming is nobody ("电话都莫人接"); "莫人管他" would read the same.
  [/莫人(?=接|应|听|来|管|理|回)/g, '没人'],
  // Voice-to-text homophones of danger words.
  [/(天然|煤|燃)汽/g, '$1气'],
  [/然气/g, '燃气'],
  [/露气/g, '漏气'],
  [/梅烟/g, '煤烟'],
  // 燶 (粤): burnt.
  [/燶/g, '焦'],
  [/电悌|电递|电低|电t/g, '电梯'],
  [/升降机|𨋢/g, '电梯'],
  [/坏脱了|坏脱/g, '坏了'],
  [/坏咗|坏掉了|烂咗/g, '坏了'],
  [/瞎了|歇菜了|趴窝了|遭起了/g, '坏了'],
  [/冇咗/g, '没了'],
  // 莫得 / 冇得 / 没得 / 木有 (西南, 粤, 河南): "have none".
  [/莫得|冇得|没得|木有|木得/g, '没'],
  [/电鸡|电单车|电驴|小电驴/g, '电动车'],
  [/冇/g, '没'],
  // 闽南 in its own characters (佇 攏 塗 無 are simplified above): 伫 (at), 涂跤 (the floor), 拢 (all)
  // before "not", 蹛 (live) — "阿伯倒佇塗跤 叫伊攏無應", "伊一个人蹛".
  [/涂跤|土跤/g, '地上'],
  [/伫(?=[\u4e00-\u9fff])/g, '在'],
  [/拢(?=[无没在])/g, '都'],
  [/蹛/g, '住'],
  // 闽南 无 before seeing and answering ("两日无见伊出门 敲门无应", "打无通"): not.
  [/打无通/g, '打不通'],
  [/无(?=见|应|人应|人接)/g, '没'],
  // "成个12栋", "整个3座": the whole building.
  [/(?:成个|整个)(\d+|[一二三四五六七八九十]+)(栋|座|幢|号楼)/g, '$1$2整栋楼'],
  // 粤语 仲 = 还: 仲系/仲係 (still is), 仲未 (not yet), 仲喺 (still at), 仲有 (also).
  [/仲(?:系|係|是)/g, '还是'],
  [/仲未/g, '还没'],
  [/仲(?:喺|在)/g, '还在'],
  // 粤语 V咗喺 = V在 ("困咗喺入面", "卡咗喺9楼同10楼中间", "企咗喺窗台度" — 企 = 站).
  [/企(?:咗)?喺/g, '站在'],
  [/咗喺/g, '在'],
  [/咗/g, '了'],
  // Sentence-final 咧 (陕西), 哒 (湖南), 啰 / 嘞, 喇 (粤): "了" ("被警察带走咧", "停电哒").
  [/(?<=[\u4e00-\u9fff])(?:咧|哒|嘞|喇)(?=[，。！？!?,.\s~]|$)/g, '了'],
  // 粤语 入水 is 进水 ("大堂开始入水"), 全系烟 is 全是烟.
  [/入水(?![口管])/g, '进水'],
  [/(全部?|都)(?:系|係)(?=[烟水血])/g, '$1是'],
  // 吴语 勿/弗 ("起弗来", "勿灵"): not.
  [/(?<=[\u4e00-\u9fff])[勿弗](?=[\u4e00-\u9fff])/g, '不'],
  // …and 浪(向) after a surface ("地板浪", "顶浪向"): on.
  [/(?<=[地板顶墙台楼天门窗])浪(?:向|厢)?/g, '上'],
  [/嘅/g, '的'],
  [/喺/g, '在'],
  [/唔/g, '不'],
  [/啲/g, '些'],
  [/佢/g, '他'],
  [/畀人|俾人|遭人/g, '被人'],
  [/屋企|屋头|屋里厢|屋里/g, '家里'],
  [/阿拉|我哋|俺们|额们/g, '我们'],
  [/俺家|俺屋/g, '我家'],
  [/成栋楼|成幢楼|整幢楼|整个楼|成座楼|全楼|一整栋楼|整栋(?!楼)|全栋(?!楼)|成[栋幢](?!楼)/g, '整栋楼'],
  // "我屋都系 水过晒门槛": "us too" in Cantonese.
  // (屋企 and 我哋 are already 家里 and 我们 here.)
  [/我(?:屋|家里?)(?:都|亦)系/g, '我家也是'],
  [/我(们)?(?:都|亦)系/g, '我$1也是'],
  [/漫入|浸入/g, '漫进'],
  [/啥辰光|几时|啥时候|么子时候/g, '什么时候'],
  [/咋个|咋|点样|点算|哪能/g, '怎么'],
  [/啥人|哪个人|边个/g, '谁'],
  [/夜里厢|夜里向|黑夜里厢|晚黑/g, '晚上'],
  [/里厢/g, '里'],
  [/没有(水|电|燃气|气|暖气|信号)/g, '没$1'],
  [/再吗/g, '在吗'],
  [/以经/g, '已经'],
  // Voice-input homophone slips, only where the slip means nothing else.
  [/漏睡/g, '漏水'],
  // "停点" is also "park a bit further" ("往里停点"): only as an outage ("又停点了", "停点啦").
  [/(?<![往再挪靠])停点(?=了|啦|咯)|(?<=又|突然|经常|老是|总是|全|都)停点/g, '停电'],
  [/煤汽/g, '煤气'],
  [/下水到/g, '下水道'],
  [/垃极/g, '垃圾'],
  [/煤气味道|燃气味道|天然气味道/g, '煤气味'],
  [/煤气味儿|燃气味儿/g, '煤气味'],
  [/瓦斯味/g, '煤气味'],
  [/着咗火|着火啦|火烧起来/g, '着火了'],
  [/落雨/g, '下雨'],
];

// Pinyin that residents type when they cannot be bothered to switch input methods.
const PINYIN: Array<[string, string]> = [
  ['dian ti', '电梯'],
  ['wu ye', '物业'],
  ['ting shui', '停水'],
  ['ting dian', '停电'],
  ['mei shui', '没水'],
  ['mei dian', '没电'],
  ['la ji', '垃圾'],
  ['lu deng', '路灯'],
  ['mei qi', '煤气'],
  ['ran qi', '燃气'],
  ['zhao huo', '着火'],
  ['qi huo', '起火'],
  ['mao yan', '冒烟'],
  ['lou dao', '楼道'],
  ['lou shang', '楼上'],
  ['zao yin', '噪音'],
  ['xiao tou', '小偷'],
  ['pian zi', '骗子'],
  ['she bao', '社保'],
  ['sheng bao', '社保'],
  ['yi bao', '医保'],
  ['di bao', '低保'],
  ['yang lao', '养老'],
  ['shen fen zheng', '身份证'],
  ['bu ban', '补办'],
  ['huai le', '坏了'],
  ['lou shui', '漏水'],
  ['nuan qi', '暖气'],
  ['xie xie', '谢谢'],
  ['hao de', '好的'],
  ['shou dao', '收到'],
  ['zao shang hao', '早上好'],
];
// More pinyin: the words reports of danger and everyday trouble are made of (longer first).
PINYIN.push(
  ['an quan chu kou', '安全出口'], ['tian hua ban', '天花板'], ['wei sheng jian', '卫生间'], ['kuai lai ren', '快来人'],
  ['ren xing dao', '人行道'], ['mei qi wei', '煤气味'], ['ran qi wei', '燃气味'], ['qi bu lai', '起不来'], ['zen me ban', '怎么办'],
  ['kun zhu', '困住'], ['kun zai', '困在'], ['bei kun', '被困'], ['guan zhu', '关住'], ['shuai dao', '摔倒'], ['yun dao', '晕倒'], ['men jin', '门禁'], ['la ji zhan', '垃圾站'],
  ['tan fan', '摊贩'], ['bei tou', '被偷'], ['xiao tou', '小偷'], ['kuai di', '快递'], ['dan yuan', '单元'], ['lou dao', '楼道'],
  ['zhu can', '助餐'], ['lao ren', '老人'], ['ye ye', '爷爷'], ['nai nai', '奶奶'], ['zhi xiang', '纸箱'], ['xiao qu', '小区'],
  ['ma lu', '马路'], ['ting shuo', '听说'], ['ge bi', '隔壁'], ['mei shi', '没事'], ['ma shang', '马上'], ['an pai', '安排'],
  ['shi fu', '师傅'], ['da jia', '大家'], ['lou xia', '楼下'], ['dian dong che', '电动车'], ['chong dian', '充电'],
  ['xiao fang', '消防'], ['da jia', '大家'], ['bao jing', '报警'], ['jiu ming', '救命'], ['bang mang', '帮忙'], ['qing wen', '请问'],
  ['shi bu shi', '是不是'], ['bu zhi dao', '不知道'], ['zhao huo le', '着火了'], ['yi zhi', '一直'],
  ['zou lang li', '走廊里'], ['zou lang', '走廊'], ['you yan', '有烟'], ['bao jing qi', '报警器'],
  ['quan bu', '全部'], ['dou mei you', '都没有'], ['dou mei', '都没'],
  ['zheng dong lou', '整栋楼'], ['zheng dong', '整栋'], ['zheng ge xiao qu', '整个小区'], ['quan lou', '全楼'],
  ['mei you', '没有'], ['bu shi', '不是'], ['zao yin', '噪音'], ['di shui', '滴水'], ['jin shui', '进水'], ['tiao zha', '跳闸'], ['ting qi', '停气'],
  ['shui guan bao le', '水管爆了'], ['shui guan bao', '水管爆'], ['shui guan', '水管'], ['bao le', '爆了'], ['ji shui', '积水'], ['yan le', '淹了'], ['chu fang', '厨房'], ['jing gai', '井盖'],
  ['da jia le', '打架了'], ['da qi lai le', '打起来了'], ['shuai le', '摔了'], ['jiao bu xing', '叫不醒'], ['mei ren ying', '没人应'],
);
PINYIN.sort((a, b) => b[0].length - a[0].length);
// Buildings, units and floors typed in pinyin or English: "7 dong", "11 hao lou", "block 2", "2/F".
const PLACE_WORDS: Array<[RegExp, string]> = [
  [/(\d+) ?hao ?lou(?![a-z])/g, '$1号楼'],
  [/(\d+) ?dong(?![a-z])/g, '$1栋'],
  [/(\d+) ?dan ?yuan(?![a-z])/g, '$1单元'],
  [/(\d+) ?lou(?![a-z])/g, '$1楼'],
  [/(?<![a-z])(?:block|building|bldg|tower|blk)\.? ?(?:no\.? ?)?([0-9a-z])(?![a-z0-9])/g, '$1栋'],
  [/(?<![a-z])no\.? ?(\d+)(?![0-9])/g, '$1号楼'],
  [/(\d+) ?\/ ?f(?![a-z])/g, '$1楼'],
  [/(?<![a-z0-9])(\d{1,2}) ?f(?![a-z0-9])/g, '$1楼'],
  [/(?<![a-z])(?:floor|level) ?(\d+)/g, '$1楼'],
  [/(\d+)(?:st|nd|rd|th) floor/g, '$1楼'],
];
// English reports: the words of trouble, mapped onto the Chinese the rules and the model know.
const ENGLISH: Array<[RegExp, string]> = [
  // The whole building or estate without a supply, whichever order it is said in.
  [/(?:no|without) (?:running )?water (?:in|for|across|throughout) (?:the |our )?(?:whole|entire) (?:building|block)|(?:whole|entire) (?:building|block) (?:has |is )?(?:no|without) (?:running )?water/g, '整栋楼停水'],
  [/(?:no|without) (?:power|electricity) (?:in|for|across|throughout) (?:the |our )?(?:whole|entire) (?:building|block)|(?:whole|entire) (?:building|block) (?:has |is )?(?:no|without) (?:power|electricity)|(?:whole|entire) (?:building|block) (?:is )?(?:dark|blacked out)/g, '整栋楼停电'],
  [/(?:no|without) (?:running )?water (?:in|for|across|throughout) (?:the |our )?(?:whole|entire) (?:compound|estate|community)/g, '全小区停水'],
  [/(?<![a-z])(?:the )?(?:whole|entire) (?:building|block|tower) (?:is |are |went |has gone )?(?:bone )?dry(?![a-z])/g, '整栋楼停水'],
  // "building 5 has no water since morning, whole building": the scope said after the outage.
  [/(?<![a-z])(?:the )?(?:whole|entire) (?:building|block|tower)(?![a-z])/g, '整栋楼'],
  [/(?:no|without) (?:power|electricity) (?:in|for|across|throughout) (?:the |our )?(?:whole|entire) (?:compound|estate|community)/g, '全小区停电'],
  [/(?:the )?fire(?:'s| is| was| has been)? (?:out|put out|under control)|put out the fire/g, '火已经灭了'],
  [/every(?:one|body)'?s? (?:is )?(?:fine|ok|okay|safe)|no one (?:was )?hurt/g, '没事了'],
  [/(?<![a-z])not (?:a )?gas(?: smell)?/g, '不是煤气'],
  [/(?:the )?whole (?:of )?(?:building|block)|entire (?:building|block)|all (?:the )?(?:flats|homes) in/g, '整栋楼'],
  // A fire exit is a place, not a cry for help ("parking right in front of the emergency exit door").
  [/(?:emergency|fire) (?:exit|escape)s?(?: doors?)?|emergency (?:doors?|stair(?:s|case|well)?s?|lanes?|access(?: road)?|routes?)/g, '安全出口'],
  // A tree or a wall that fell is no person who fell.
  [/(?:trees?|branch(?:es)?) (?:has |have |just )?(?:fell|fallen|came down|come down|collapsed|toppled|blown over)/g, '树倒了'],
  [/(?:part of (?:the |our |my )?)?(?:ceiling|roof)s? (?:has |have |just )?(?:fell|fallen|came down|come down|collapsed|caved in)/g, '天花板塌了 掉下来一块'],
  [/(?:part of (?:the |our |my )?)?walls?(?: of the [a-z ]{1,20}?)? (?:has |have |just )?(?:fell|fallen|came down|come down|collapsed|caved in)/g, '墙塌了 掉下来一块'],
  [/spark(?:s|ing|ed)?(?![a-z])/g, '冒火花'],
  [/oxygen (?:machine|concentrator)s?/g, '制氧机'],
  [/new-?born(?: baby)?/g, '新生儿'],
  [/dialysis/g, '透析'],
  [/bed-?ridden/g, '卧床'],
  [/(?:brown|yellow|rusty|muddy) (?:tap )?water|water is (?:brown|yellow|rusty|muddy)/g, '水黄'],
  [/safe to drink|drinkable/g, '能不能喝'],
  [/(?:tried|trying|tries) (?:every |the |all the )?door(?: handle)?s?/g, '在拉门'],
  [/(?:kid|child|baby|toddler) (?:is )?(?:locked|stuck|trapped|left) in (?:a |the )?(?:[a-z]+ )?car/g, '小孩锁在车里'],
  [/(?:stuck|trapped) in (?:the |a )?(?:lift|elevator)|(?:lift|elevator) (?:is )?stuck/g, '困在电梯'],
  [/(?:lift|elevator)s?/g, '电梯'],
  [/stuck between floors/g, '卡在半空'],
  [/(?:is |are |got |been |was )?trapped(?: inside| in there)?/g, '被困'],
  // "someone is inside": said of a stopped lift, someone trapped (see LIFT_WITH_PERSON).
  [/(?:some(?:one|body)|a (?:person|lady|woman|man|kid|child|baby|granny|grandma)|people|kids|(?:my|our) [a-z]+)(?: with the baby)? (?:is |are |still )*(?:inside|in there|stuck inside)/g, '里面有人'],
  [/can(?:not|'t|no)? breathe(?: well)?|chest (?:is )?(?:tight|hurts)|chest pains?|short of breath/g, '喘不上气'],
  [/(?:hitting|hit) (?:her|him|his wife|her husband|them|the kids?)|i hear hitting/g, '在打人'],
  [/(?:did(?:n'?t| not)|does(?:n'?t| not)|won'?t|hasn'?t) (?:open|opened|answer|answered) (?:her|his|the) door/g, '没开门'],
  [/(?:could|might|about to|going to|gonna) (?:drop|fall|come down)|(?:flapping|swinging|hanging loose) in the wind/g, '快掉下来'],
  [/manhole cover(?: [a-z]+){0,6} (?:is |has )?(?:missing|gone|stolen|been stolen|washed away|disappeared)|missing manhole cover|(?:no|without a) manhole cover/g, '井盖没了'],
  [/rotten eggs?(?: smell)?|smells? (?:like|of) rotten eggs?/g, '臭鸡蛋味'],
  [/(?:smell(?:s|ing)? (?:of |like )?gas|gas smell|smell of gas|gas leak(?:ing)?)/g, '煤气味'],
  [/burning (?:smell|plastic)|smells? (?:like )?burning|smell of burning/g, '焦味'],
  // Smoke from a barbecue or a stall is cooking fumes (油烟), not a fire.
  [/(?<=(?:bbq|barbecue|grill|stalls?|cooking|kitchen|food)[^.!?]{0,80})smoke|smoke(?=[^.!?]{0,40}(?:bbq|barbecue|grill|stalls?|cooking))/g, '油烟'],
  // A neighbour's cigarette is a nuisance, not a fire.
  [/(?:smokes|smoked|smoking (?:on|in|at|near|inside|all)|cigarettes?|second-?hand smoke|cigarette smoke)/g, '抽烟'],
  [/(?:smoke|smoking)(?! free)/g, '冒烟'],
  // "call 119!" asks for help now; "called 119" (below) says it is on its way.
  [/(?<![a-z'])(?:pls |please |someone |somebody )?call (?:the )?(?:119|120|110|police|cops|ambulance|fire ?(?:brigade|department))/g, '快打119'],
  // The firemen are not the fire; "someone already called 119" and "police are here" answer an alarm.
  [/fire ?(?:brigade|engine|truck|fighter|man|men|department|service)s?/g, '消防车'],
  [/(?:(?:some(?:one|body)|we|i|they|security|management|neighbou?rs?) )?(?:(?:has|have|had|'ve|already|just|am|is|are|'m) )*(?:called|calling|rang|ringing|phoned|phoning|dial(?:l)?ed|dialing|dialling|(?:will|'ll|gonna|going to) call)(?: for)? (?:the |an )?(?:119|120|110|police|cops|ambulance|消防车)/g, '已经有人打了119'],
  [/(?:police|cops|ambulance|paramedics|消防车)(?: (?:is|are|has|have))?(?: already)? (?:here|arrived|came|on (?:the|their|its) way|coming)/g, '警察已经到了'],
  // A smoke alarm sounding is a fire until someone says otherwise (a drill is said so).
  [/(?:smoke|fire) (?:alarm|detector)s? (?:is |are |keeps? |has been |have been |been |started |start )?(?:beeping|going off|went off|ringing|sounding|screaming)/g, '烟感一直在叫'],
  [/on fire|(?<![a-z])fire(?! (?:brigade|station|drill|exit|door|extinguisher|alarm|escape|safety|hazard|lane|route|access|hydrant|passage)s?)(?![a-z])/g, '着火'],
  // One flat off the supply for a reason of its own: a repair, not an outage.
  [/tripped(?: (?:switch|breaker|fuse))?|(?:circuit )?breaker|fuse (?:box|blew|blown)/g, '跳闸'],
  [/(?:just|only) (?:my|our) (?:flat|apartment|unit|home|place|room)|only (?:us|me|mine)(?![a-z])/g, '只有我家'],
  [/(?:power (?:cut|outage|is off|is out|went off|went out|has gone out|'s out)|lost power|blackout|no (?:power|electricity))/g, '停电'],
  // A flat filling with water: a burst pipe, water spreading across the floor.
  [/(?:burst|broken|busted) (?:water )?pipe|pipe(?: [a-z]+){0,3} (?:has |just )?(?:burst|exploded|broke|split)(?![a-z])/g, '水管爆'],
  [/water (?:is )?(?:spreading|all over|on the floor|up to|coming into|getting into)|(?:flat|apartment|living room|kitchen|bedroom|floor) (?:is |got )?(?:flooded|flooding|under water)/g, '水漫'],
  [/ceiling/g, '天花板'],
  [/(?:no (?:running )?water|water (?:is )?(?:off|cut|out)|water (?:outage|cut|supply (?:is )?(?:cut|off)))/g, '停水'],
  [/(?:no gas|gas (?:is )?off)/g, '停气'],
  [/(?:leak(?:ing|s|ed)?|dripping|drips|seeping)/g, '漏水'],
  [/(?:flood(?:ing|ed|s)?|water everywhere)/g, '进水'],
  // Water pouring in, or reaching the sockets: a flat flooding, with live wires in it.
  [/(?:water (?:is )?(?:pouring|gushing|streaming|pours|gushes)|pouring (?:water|through|down|in)|(?:it'?s|its|is|still) (?:pouring|gushing))/g, '水哗哗'],
  [/(?:power )?(?:sockets?|outlets?|plugs?)(?![a-z])/g, '插座'],
  [/street ?lights?/g, '路灯'],
  [/(?:corridor|stair(?:well|case)?|hallway) lights?|lights? in the (?:corridor|stairwell|hallway)/g, '楼道灯'],
  [/(?:rubbish|garbage|trash|bins?)(?![a-z])/g, '垃圾'],
  [/rats?(?![a-z])|mice(?![a-z])/g, '老鼠'],
  [/cockroach(?:es)?/g, '蟑螂'],
  [/mosquito(?:es)?/g, '蚊子'],
  [/stinks?|stinking|smells? (?:really )?bad|rotten/g, '臭'],
  [/(?:noise|noisy|loud music|barking|barks)/g, '噪音'],
  [/upstairs/g, '楼上'],
  [/neighbou?rs?/g, '邻居'],
  [/e-?bikes?|electric (?:bike|scooter)s?|scooters?/g, '电动车'],
  [/charging/g, '充电'],
  [/(?:illegally )?parked|parking/g, '停车'],
  [/stolen|theft|thie(?:f|ves)|broke in|break-in|burglar/g, '被盗'],
  [/scam(?:mer|s)?|fraud/g, '诈骗'],
  [/fight(?:ing)?|beating|punching/g, '打架'],
  [/(?:fell|fallen|has fallen|collapsed|fainted)/g, '摔倒了'],
  // "fell and can't get up" — not "can't get up to the 20th floor with the stroller"
  [/(?<!(?:stroller|pram|wheelchair|bike|cart) )can(?:'|no)?t get up(?! (?:the |to |there|here|stairs|steps|with))/g, '起不来'],
  [/(?:elderly|old (?:lady|man|woman|people)|grandma|grandpa|granny)/g, '老人'],
  [/lives alone|living alone/g, '独居'],
  [/not answering (?:her |his |the |my |their )?(?:phone|calls?|door)|(?:no ?one|nobody) (?:answers|answering|picks up)(?: the (?:door|phone))?|can'?t reach (?:her|him|them)/g, '没人接'],
  [/broadband|internet|wi-?fi/g, '宽带'],
  [/access card|door card|entrance door|building door|intercom/g, '门禁'],
  [/illegal (?:construction|building|structure)|extra room|rooftop room/g, '违建'],
  [/(?:street )?(?:vendors?|stalls?|hawkers?)/g, '摊贩'],
  [/bbq|barbecue/g, '烧烤'],
  [/heating|radiators?/g, '暖气'],
  [/(?:property (?:management|team|office|company)?|management office)/g, '物业'],
  [/residence permit/g, '居住证'],
  [/pension/g, '养老金'],
  [/medical insurance/g, '医保'],
  [/social security/g, '社保'],
  [/meal service|meals for (?:the )?elderly/g, '助餐'],
  [/(?:asap|right now|urgent(?:ly)?|emergency)/g, '紧急快来人'],
  [/help!|please help|help us/g, '救命帮忙'],
  [/heard|apparently|rumou?r/g, '听说'],
  [/(?:does )?any(?:one|body) know/g, '有没有人知道'],
  // Asking the neighbours, not the staff: a recommendation, company for a game, a sale.
  [/(?:can |could )?(?:any(?:one|body)|some(?:one|body)) (?:pls |please )?(?:recommend|suggest)|recommend(?:ation)?s? (?:for|of)|looking for (?:a |an )?(?:good |reliable )?(?:ayi|cleaner|tutor|driver|nanny|helper|babysitter|teacher)/g, '谁知道推荐一个'],
  [/any(?:one|body) (?:wants? to|want|up for|interested in|going|coming|joining|keen)|who'?s (?:coming|going|joining|up for|in for)|join us/g, '有没有人一起'],
  [/(?:for sale|selling|giving away)(?![a-z])/g, '出售'],
  [/(?<![a-z])(?:dm|pm|message|wechat|add) me(?![a-z])/g, '私聊'],
  [/(?:has )?any(?:one|body) (?:found|seen|picked up)|lost (?:my |a |our )?(?:cat|dog|keys?|wallet|card|phone|bag)/g, '有没有人捡到'],
  [/false alarm/g, '虚惊一场'],
  [/(?:is |are |'s )?(?:broken(?: down)?|not working|out of order|doesn'?t work|isn'?t working)/g, '坏了'],
  [/(?:are |is )?back again|(?<![a-z])again(?![a-z])/g, '又'],
  [/(?<![a-z])still(?![a-z])/g, '还是'],
  [/(?<![a-z])north (?:gate|entrance)/g, '北门'],
  [/(?<![a-z])south (?:gate|entrance)/g, '南门'],
  [/(?<![a-z])east (?:gate|entrance)/g, '东门'],
  [/(?<![a-z])west (?:gate|entrance)/g, '西门'],
  [/(?<![a-z])(?:main|front) (?:gate|entrance)/g, '正门'],
  [/(?<![a-z])back (?:gate|entrance)/g, '后门'],
  [/(?:all |it'?s |now )?(?:fixed|sorted|resolved)(?: now)?(?![a-z])/g, '修好了'],
  [/(?:it'?s )?back(?: now)?(?![a-z])/g, '好了'],
];
const PINYIN_RULES: Array<[RegExp, string]> = PINYIN.map(([py, zh]) => [
  new RegExp(`(?<![a-z])${py.split(' ').join(' ?')}(?![a-z])`, 'g'),
  zh,
]);

// Zero-width characters, BOM, variation selectors and other controls (newline and tab become spaces).
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/g;

/**
 * Canonical text for matching: NFKC (full-width → half-width), traditional → simplified, lower case,
 * dialect/typo/pinyin variants → common written form, invisible characters removed, whitespace
 * collapsed. Never throws; non-strings become ''.
 */
export function normalizeText(raw: unknown, maxChars = MAX_CLASSIFY_CHARS): string {
  if (typeof raw !== 'string' || raw.length === 0) return '';
  // One message is normalised by the rules, the model, conversation understanding and the LLM
  // cache: remember the last few thousand (a pure function of its input).
  const key = maxChars === MAX_CLASSIFY_CHARS ? raw : `${maxChars}\u0000${raw}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const out = normalizeUncached(raw, maxChars);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, out);
  return out;
}

const MEMO_SIZE = 4096;
const memo = new Map<string, string>();

function normalizeUncached(raw: string, maxChars: number): string {
  let s = raw.length > maxChars * 2 ? raw.slice(0, maxChars * 2) : raw;
  try {
    s = s.normalize('NFKC');
  } catch {
    // Lone surrogates can make normalize throw on some engines; keep the raw text then.
  }
  s = s.replace(INVISIBLE, '').replace(/[\t\r\n]+/g, ' ').toLowerCase();
  let out = '';
  for (const ch of s) out += TRAD_MAP.get(ch) ?? ch;
  for (const [re, to] of VARIANTS) out = out.replace(re, to);
  if (/[a-z]/.test(out)) {
    for (const [re, to] of PLACE_WORDS) out = out.replace(re, to);
    if (/[a-z]{3}/.test(out)) for (const [re, to] of ENGLISH) out = out.replace(re, to);
    for (const [re, to] of PINYIN_RULES) out = out.replace(re, to);
  }
  out = out.replace(/ {2,}/g, ' ').trim();
  return out.length > maxChars ? out.slice(0, maxChars) : out;
}
