// A date picker in the plan's calendar, Gregorian or Solar Hijri: a year, a month by its
// name and a day, offering only the days the month has. Month lengths (leap years, the
// 30th of Esfand) come from the core (`daysInMonth`, ICU4X's calendars), never from a table
// here. The value is written as a plan file writes dates — YYYY-MM-DD in Latin digits —
// whatever the page's language shows.
import { daysInMonth } from "../../bindings-wasm/pkg/web/goldthread.js";
import { el } from "./dom.js";

/** Years offered either side of the year shown. */
const SPAN = 15;

/**
 * A picker named `name` (its selects are `NAME-year`, `NAME-month`, `NAME-day`); `app`
 * gives t (labels) and fig (the language's digits). Put `root` in the page, `set()` a date.
 */
export function datePicker(name, app) {
  const year = el("select", undefined, { name: `${name}-year` });
  const month = el("select", undefined, { name: `${name}-month` });
  const day = el("select", undefined, { name: `${name}-day` });
  const root = el("span", undefined, { class: "date-picker", "data-picker": name });
  root.append(year, month, day);
  let calendar = "gregorian";
  let years = [];

  const option = (value, text) => el("option", text, { value: String(value) });
  /** The days of the month chosen, keeping the day chosen where the month has it. */
  const fillDays = (keep) => {
    const n = daysInMonth(calendar, Number(year.value), Number(month.value));
    const want = Math.min(Number(keep ?? day.value) || 1, n);
    day.replaceChildren(...Array.from({ length: n }, (_, i) => option(i + 1, app.fig(i + 1))));
    day.value = String(want);
  };
  /** Every text in the page's language, the values kept. */
  const relabel = () => {
    const [y, m, d] = [year.value, month.value, day.value];
    year.replaceChildren(...years.map((v) => option(v, app.fig(v))));
    month.replaceChildren(...Array.from({ length: 12 }, (_, i) => option(i + 1, app.t(`month.${calendar}_${i + 1}`))));
    year.value = y;
    month.value = m;
    fillDays(d);
    year.setAttribute("aria-label", app.t("page.date_year"));
    month.setAttribute("aria-label", app.t("page.date_month"));
    day.setAttribute("aria-label", app.t("page.date_day"));
  };
  year.addEventListener("change", () => fillDays());
  month.addEventListener("change", () => fillDays());

  return {
    root,
    /** Shows `date` ("1403-12-30" or "۱۴۰۳/۱۲/۳۰", as a plan file writes it) in `cal`. */
    set(date, cal) {
      calendar = cal;
      const latin = date.replace(/[۰-۹]/g, (c) => String(c.charCodeAt(0) - 0x06f0))
        .replace(/[٠-٩]/g, (c) => String(c.charCodeAt(0) - 0x0660));
      const [y, m, d] = latin.split(/[-/]/).map(Number);
      years = Array.from({ length: 2 * SPAN + 1 }, (_, i) => y - SPAN + i);
      year.replaceChildren(...years.map((v) => option(v, v)));
      year.value = String(y);
      month.replaceChildren(...Array.from({ length: 12 }, (_, i) => option(i + 1, i + 1)));
      month.value = String(m);
      day.replaceChildren(option(d, d));
      day.value = String(d);
      relabel();
    },
    /** The date chosen, as a plan file writes it. */
    get value() {
      const pad = (v, n) => String(v).padStart(n, "0");
      return `${pad(year.value, 4)}-${pad(month.value, 2)}-${pad(day.value, 2)}`;
    },
    relabel,
  };
}
