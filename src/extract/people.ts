// Named people in meeting records: leaders who give directives ("李旭要求", "区委副书记、区长李顺强调") and people
// given a task ("由范国庆副市长负责", "由吴以环同志担任组长"). Chinese has no capitals to spot a name by, so a name
// is a common surname plus one or two characters, next to a post or 同志 — or a name the record has already
// introduced with a post ("区长李旭主持" … "李旭要求").

// The most common single-character surnames (about 95% of the population) and the compound ones still in use.
const SINGLE_SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";
const COMPOUND_SURNAMES = [
  "欧阳",
  "司马",
  "诸葛",
  "上官",
  "东方",
  "皇甫",
  "尉迟",
  "公孙",
  "慕容",
  "令狐",
  "长孙",
  "宇文",
  "司徒",
  "夏侯",
  "端木",
  "西门",
  "独孤",
  "南宫",
  "万俟",
  "呼延",
];

export const SURNAME = `(?:${COMPOUND_SURNAMES.join("|")}|[${SINGLE_SURNAMES}])`;

// Posts that come before or after a name. Longer forms first so "副区长" is not read as "副" + "区长".
export const POST =
  "(?:常务副区长|常务副县长|常务副市长|常务副省长|副区长|副县长|副市长|副省长|副镇长|副乡长|代区长|代县长|代市长|区长|县长|市长|省长|镇长|乡长|州长|旗长|" +
  "党组书记|党工委书记|副书记|书记|常委|副主任|主任|副局长|局长|副部长|部长|秘书长|副秘书长|副主席|主席|组长|副组长|委员|政委|司令员|" +
  "厅长|副厅长|处长|副处长|科长|副科长|总经理|经理|董事长|指挥长|总指挥|巡视员|调研员|督查专员|主委|社长|院长|校长|所长|站长|队长)";

const NAME = `${SURNAME}[\\u4e00-\\u9fa5]{1,2}`;
// 同志 closes a name on its own ("吴以环同志"); a post may stand either side of it.
const PERSON_WITH_POST = new RegExp(
  `^(?:(?:[\\u4e00-\\u9fa5]{0,12}?${POST}、)*[\\u4e00-\\u9fa5]{0,12}?${POST})?(${NAME})(?:${POST})?(?:同志)?$`,
);
const NAME_WITH_COMRADE = new RegExp(`^${NAME}同志$`);
const NAME_THEN_POST = new RegExp(`^${NAME}(?:${POST})$`);
const POST_THEN_NAME = new RegExp(`^[\\u4e00-\\u9fa5]{0,12}?${POST}${NAME}$`);
const BARE_NAME = new RegExp(`^${NAME}$`);
// "他强调", "吴书记要求", "区委书记指出": a pronoun (news reports name the leader once), a surname with a post, or a
// post alone.
const PRONOUN_OR_POST = new RegExp(
  `^(?:他|她|${SURNAME}${POST}|[\\u4e00-\\u9fa5]{0,6}?(?:${POST}、)*${POST})$`,
);

/** Whether the record introduces this name with a post or 同志 somewhere: "区长李旭", "李旭区长", "李旭同志". */
function introducedWithPost(record: string, name: string): boolean {
  return new RegExp(`${POST}${name}|${name}(?:${POST}|同志)`).test(record);
}

/**
 * Whether a clause is a speaker: posts and a name ("市委副书记、市长武国定", "张培峰区长", "徐光同志"), or a bare
 * name the record introduces elsewhere with a post ("李旭").
 */
export function isSpeaker(clause: string, record: string): boolean {
  if (PRONOUN_OR_POST.test(clause)) return true;
  const m = PERSON_WITH_POST.exec(clause);
  if (!m) return false;
  if (clause !== m[1]) return true;
  return introducedWithPost(record, clause);
}

/** A person given a task, written with a post or 同志: "范国庆副市长", "郑学龙同志", "副县长钟宇龙". */
export function isNamedPerson(token: string): boolean {
  return NAME_WITH_COMRADE.test(token) || NAME_THEN_POST.test(token) || POST_THEN_NAME.test(token);
}

export function isBareName(token: string): boolean {
  return BARE_NAME.test(token);
}
