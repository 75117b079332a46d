import { readFileSync } from "node:fs";
import { extractDirectives, defaultNamedPeriods } from "/work/main/src/extract/extract.ts";
import { createWorkCalendar } from "/work/main/src/extract/calendar.ts";
const r = extractDirectives(readFileSync(process.argv[2], "utf8"), { meetingDate: process.argv[3] ?? null, units: [], calendar: createWorkCalendar([]), namedPeriods: defaultNamedPeriods });
console.log(JSON.stringify(r.meta));
for (const d of r.directives) console.log(`- [${d.verb}] topic=${d.topic} units=${JSON.stringify(d.units.map(u=>u.text+":"+u.role))} un=${JSON.stringify(d.unassigned)} dl=${d.deadline?.text}|${d.deadline?.date}|${d.deadline?.needsConfirmation}\n  ${JSON.stringify(d.text)}`);
console.log(r.warnings);
