// Parse each .ics file named on the command line with ical.js and print, as JSON,
// every event's UID, SEQUENCE, summary and its start and end as dates in the
// process time zone (run with TZ=Europe/Oslo). Exit 1 on any parse problem.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const out = {};
let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const text = readFileSync(file, { encoding: "utf8", flag: "r" });
    const comp = new ICAL.Component(ICAL.parse(text));
    const events = comp.getAllSubcomponents("vevent").map((v) => {
      const e = new ICAL.Event(v);
      const day = (t) => {
        const d = t.toJSDate();
        const pad = (n) => String(n).padStart(2, "0");
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      };
      return {
        uid: e.uid,
        sequence: e.sequence,
        summary: e.summary,
        isDate: e.startDate.isDate,
        start: day(e.startDate),
        end: day(e.endDate),
        recurring: e.isRecurring(),
      };
    });
    out[file] = { name: comp.getFirstPropertyValue("x-wr-calname"), events };
  } catch (err) {
    failed = true;
    out[file] = { error: String(err) };
  }
}
process.stdout.write(JSON.stringify(out));
process.exitCode = failed ? 1 : 0; // not process.exit(): it would cut a piped stdout short
