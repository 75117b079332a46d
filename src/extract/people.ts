// Named people in meeting records: leaders who give directives ("李旭要求", "区委副书记、区长李顺强调") and people
// given a task ("由范国庆副市长负责", "由吴以环同志担任组长"). Chinese has no capitals to spot a name by, so a name
// is a common surname plus one or two characters, next to a post or 同志 — or a name the record has already
// introduced with a post ("区长李旭主持" … "李旭要求").
import { COMPOUND_SURNAMES, POSTS, PRONOUNS, SINGLE_SURNAMES } from "./vocabulary/posts.ts";
import { SPEAKING_BODIES } from "./vocabulary/units.ts";
import { oneOf } from "./word-pattern.ts";

export const SURNAME = `(?:${COMPOUND_SURNAMES.join("|")}|[${SINGLE_SURNAMES}])`;

export const POST = `(?:${oneOf(POSTS)})`;

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
  `^(?:${PRONOUNS.join("|")}|${SURNAME}${POST}|[\\u4e00-\\u9fa5]{0,6}?(?:${POST}、)*${POST})$`,
);

// "建国同志": internal minutes call a leader by given name and 同志 once the record has named them in full.
const GIVEN_NAME_WITH_COMRADE = /^([\u4e00-\u9fa5]{2})同志$/;

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
  const givenName = GIVEN_NAME_WITH_COMRADE.exec(clause);
  if (givenName) return new RegExp(`${SURNAME}${givenName[1]}`).test(record);
  const m = PERSON_WITH_POST.exec(clause);
  if (!m) return false;
  if (clause !== m[1]) return true;
  return introducedWithPost(record, clause);
}

/** The name in a speaker clause ("区委副书记、区长李顺" → "李顺"), or the clause itself when it names nobody. */
export function speakerName(clause: string): string {
  return PERSON_WITH_POST.exec(clause)?.[1] ?? clause;
}

/** A person given a task, written with a post or 同志: "范国庆副市长", "郑学龙同志", "副县长钟宇龙". */
export function isNamedPerson(token: string): boolean {
  return NAME_WITH_COMRADE.test(token) || NAME_THEN_POST.test(token) || POST_THEN_NAME.test(token);
}

export function isBareName(token: string): boolean {
  return BARE_NAME.test(token);
}

// "区局就X提出具体要求", "县政府要求": a body speaking as one. Short, so a whole clause is never read as one.
const SPEAKING_BODY = new RegExp(`^[\\u4e00-\\u9fa5]{0,8}(?:${oneOf(SPEAKING_BODIES)})$`);

export function isSpeakingBody(clause: string): boolean {
  return SPEAKING_BODY.test(clause);
}
