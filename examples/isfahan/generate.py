#!/usr/bin/env python3
"""Writes examples/isfahan/plan.json: a plan modelled on the Isfahan council's statement
(shared/seed-isfahan-council.txt): the strategic plan "Isfahan 1400", the two-year
operational program 1398-1399, budgets of headquarters, the fifteen districts and the
municipal organizations, and a project register in two tiers (district projects and key
city projects) with schedules, estimates and status.

The figures are invented but realistic in shape and size, and deliberately imperfect, like
any real budget: some lines link to nothing, one program has no goal, shares that do not
add up, a goal nobody funds, a goal nobody programs, goals without indicators.

Deterministic: the same script always writes the same file. Run from the repository root:

    python3 examples/isfahan/generate.py > examples/isfahan/plan.json
"""

import json
import random
import sys

rng = random.Random(1398)

FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def fa(n):
    return str(n).translate(FA_DIGITS)


# --- Org units -----------------------------------------------------------------------
org_units = [{"id": "HQ", "name": "ستاد شهرداری", "kind": "headquarters",
              "x": {"en": "Municipal headquarters"}}]
for d in range(1, 16):
    org_units.append({"id": f"D{d:02d}", "name": f"منطقه {fa(d)}", "kind": "district",
                      "parent": "HQ", "x": {"en": f"District {d}"}})
ORGS = [
    ("ORG-PARK", "سازمان پارک‌ها و فضای سبز", "Parks and Green Space Organization"),
    ("ORG-TRAF", "سازمان حمل و نقل و ترافیک", "Transport and Traffic Organization"),
    ("ORG-METRO", "سازمان قطار شهری", "Urban Railway Organization"),
    ("ORG-WASTE", "سازمان مدیریت پسماند", "Waste Management Organization"),
    ("ORG-FIRE", "سازمان آتش‌نشانی و خدمات ایمنی", "Fire and Safety Services Organization"),
    ("ORG-CULT", "سازمان فرهنگی، اجتماعی و ورزشی", "Cultural, Social and Sports Organization"),
    ("ORG-RENEW", "سازمان نوسازی و بهسازی", "Urban Renewal Organization"),
    ("ORG-ICT", "سازمان فاوا", "ICT Organization"),
]
for oid, name, en in ORGS:
    org_units.append({"id": oid, "name": name, "kind": "organization", "parent": "HQ",
                      "x": {"en": en}})
DISTRICTS = [f"D{d:02d}" for d in range(1, 16)]
# Districts 10-15 are the city's less-developed east and south: deprivation removal.
DEPRIVED = {"D10", "D11", "D12", "D13", "D14", "D15"}

# --- Goals: Isfahan 1400 --------------------------------------------------------------
# (id, name, english, parent, indicator) with indicator = (name, unit, baseline, target,
# actual 1397, ascending) or None. A missing target is written as target None.
GOALS = [
    ("G1", "اصفهان سبز و پایدار", "Green, sustainable Isfahan", None, None),
    ("G1.1", "افزایش سرانه فضای سبز", "Raise green space per resident", "G1",
     ("سرانه فضای سبز", "m2", "12.5", "15", "13.1", True)),
    ("G1.2", "بهبود کیفیت هوا", "Improve air quality", "G1",
     ("روزهای هوای ناسالم", "days/year", "64", "40", "58", False)),
    ("G1.3", "احیای زاینده‌رود و بازچرخانی آب", "Revive the Zayandeh Rud, reuse water", "G1",
     ("سهم پساب تصفیه‌شده در آبیاری فضای سبز", "%", "35", "70", "41", True)),
    ("G1.4", "مدیریت پسماند و بازیافت", "Waste management and recycling", "G1",
     ("نرخ بازیافت پسماند", "%", "18", "30", "21", True)),
    ("G1.5", "انرژی پاک در تأسیسات شهری", "Clean energy in municipal facilities", "G1",
     ("سهم انرژی تجدیدپذیر", "%", "2", "10", None, True)),
    ("G2", "حمل و نقل پاک و دسترسی آسان", "Clean transport and easy access", None, None),
    ("G2.1", "حمل و نقل عمومی", "Public transport", "G2", None),
    ("G2.1.1", "توسعه قطار شهری", "Extend the metro", "G2.1",
     ("طول خطوط مترو در بهره‌برداری", "km", "20", "43", "20", True)),
    ("G2.1.2", "نوسازی ناوگان اتوبوسرانی", "Renew the bus fleet", "G2.1",
     ("سهم سفرهای عمومی", "%", "22", "35", "24", True)),
    ("G2.2", "توسعه شبکه دوچرخه و پیاده‌راه", "Cycling and walking network", "G2",
     ("طول مسیر دوچرخه", "km", "160", "260", "181", True)),
    ("G2.3", "ایمنی ترافیک", "Traffic safety", "G2",
     ("کشته‌های تصادفات درون‌شهری", "persons/year", "190", "120", "171", False)),
    ("G2.4", "کاهش زمان سفر", "Shorter journeys", "G2", None),
    ("G3", "اصفهان فرهنگی و گردشگرپذیر", "Isfahan of culture and tourism", None, None),
    ("G3.1", "حفاظت از بافت تاریخی", "Protect the historic fabric", "G3",
     ("مساحت بافت تاریخی احیاشده", "ha", "40", "90", "52", True)),
    ("G3.2", "جذب گردشگر", "Attract visitors", "G3",
     ("گردشگران خارجی", "thousand/year", "310", "600", "402", True)),
    ("G3.3", "فضاهای فرهنگی محلات", "Neighbourhood cultural spaces", "G3",
     ("سرانه فضای فرهنگی", "m2", "0.18", "0.3", "0.2", True)),
    ("G3.4", "رویدادهای فرهنگی شهری", "City cultural events", "G3", None),
    ("G4", "عدالت اجتماعی و محرومیت‌زدایی", "Social justice and deprivation removal", None, None),
    ("G4.1", "خدمات محلات کم‌برخوردار", "Services in deprived neighbourhoods", "G4",
     ("محلات زیر حد خدمات پایه", "neighbourhoods", "38", "15", "33", False)),
    ("G4.2", "نوسازی بافت فرسوده", "Renew worn-out fabric", "G4",
     ("مساحت بافت فرسوده نوسازی‌شده", "ha", "120", "300", "151", True)),
    ("G4.3", "شهر دسترس‌پذیر برای معلولان", "An accessible city", "G4",
     ("سهم ساختمان‌های عمومی مناسب‌سازی‌شده", "%", "25", "60", "31", True)),
    ("G4.4", "ورزش همگانی", "Sport for all", "G4",
     ("سرانه فضای ورزشی", "m2", "0.55", "0.8", None, True)),
    ("G5", "اقتصاد شهری و درآمد پایدار", "Urban economy and sustainable revenue", None, None),
    ("G5.1", "افزایش سهم درآمد پایدار", "More sustainable revenue", "G5",
     ("سهم درآمد پایدار", "%", "38", "60", "42", True)),
    ("G5.2", "سرمایه‌گذاری مشارکتی", "Public-private investment", "G5",
     ("سرمایه‌گذاری بخش خصوصی جذب‌شده", "billion IRR", "4000", "15000", "5200", True)),
    ("G5.3", "اشتغال و کسب‌وکار", "Jobs and business", "G5", None),
    ("G6", "مدیریت شهری هوشمند و شفاف", "Smart, transparent city management", None, None),
    ("G6.1", "خدمات الکترونیک شهروندی", "Electronic services", "G6",
     ("سهم خدمات الکترونیک", "%", "45", "85", "55", True)),
    ("G6.2", "شفافیت بودجه و قراردادها", "Transparent budget and contracts", "G6",
     ("قراردادهای منتشرشده", "%", "10", "100", "15", True)),
    ("G6.3", "رضایت شهروندان", "Citizen satisfaction", "G6",
     ("شاخص رضایت", "score", "62", "75", "64", True)),
    ("G7", "شهر ایمن و تاب‌آور", "Safe, resilient city", None, None),
    ("G7.1", "کاهش زمان رسیدن آتش‌نشانی", "Faster fire response", "G7",
     ("زمان رسیدن", "minutes", "6.5", "4.5", "6.1", False)),
    ("G7.2", "آمادگی در برابر بحران", "Crisis preparedness", "G7",
     # Declared descending but the target rises: a typo the check flags (W109).
     ("پایگاه‌های مدیریت بحران محله", "stations", "30", "60", "36", False)),
    ("G7.3", "ایمنی ساختمان‌ها", "Building safety", "G7", None),
]

goals = []
for gid, name, en, parent, ind in GOALS:
    g = {"id": gid, "name": name}
    if parent:
        g["parent"] = parent
    if ind:
        iname, unit, base, target, actual, asc = ind
        i = {"id": f"{gid}-K1", "name": iname, "unit": unit,
             "baseline": {"value": base, "year": "1396"}}
        if target is not None:
            i["target"] = {"value": target, "year": "1400"}
        if actual is not None:
            i["actuals"] = [{"value": actual, "year": "1397"}]
        if not asc:
            i["ascending"] = False
        g["indicators"] = [i]
    g["x"] = {"en": en}
    goals.append(g)

# --- Programs: the two-year operational program 1398-1399 ------------------------------
# (id, name, english, owner, goal links [(goal, share)] or equal split [goal, ...],
#  output indicator?)
PROGRAMS = [
    ("PR-01", "توسعه کمربند سبز و پارک‌های شهری", "Green belt and city parks", "ORG-PARK",
     [("G1.1", "0.8"), ("G1.2", "0.2")], True),
    ("PR-02", "آبیاری با پساب و نوسازی شبکه آبیاری", "Irrigation with treated water", "ORG-PARK",
     ["G1.3"], True),
    ("PR-03", "پایش و کاهش آلودگی هوا", "Air pollution monitoring and reduction", "HQ",
     [("G1.2", "1")], False),
    ("PR-04", "تفکیک از مبدأ و بازیافت", "Source separation and recycling", "ORG-WASTE",
     ["G1.4"], True),
    ("PR-05", "نیروگاه‌های خورشیدی روی بام", "Rooftop solar", "HQ", ["G1.5"], False),
    ("PR-06", "تکمیل خط ۲ قطار شهری", "Metro line 2", "ORG-METRO",
     [("G2.1.1", "0.9"), ("G1.2", "0.1")], True),
    ("PR-07", "نوسازی ناوگان اتوبوس", "Bus fleet renewal", "ORG-TRAF",
     [("G2.1.2", "0.7"), ("G1.2", "0.3")], True),
    ("PR-08", "شبکه دوچرخه و پیاده‌راه", "Cycle and walking network", "ORG-TRAF",
     ["G2.2", "G1.2"], False),
    ("PR-09", "ایمن‌سازی تقاطع‌ها", "Safer junctions", "ORG-TRAF", ["G2.3"], True),
    ("PR-10", "هوشمندسازی چراغ‌ها و کنترل ترافیک", "Smart traffic control", "ORG-TRAF",
     [("G2.4", "0.6"), ("G2.3", "0.3")], False),
    ("PR-11", "مرمت بافت تاریخی و محور چهارباغ", "Historic fabric and Chaharbagh axis", "ORG-RENEW",
     [("G3.1", "0.7"), ("G3.2", "0.3")], True),
    ("PR-12", "زیرساخت گردشگری", "Tourism infrastructure", "HQ", ["G3.2"], False),
    ("PR-13", "فرهنگسراهای محله", "Neighbourhood culture houses", "ORG-CULT",
     ["G3.3"], True),
    ("PR-14", "جشنواره‌ها و رویدادهای شهری", "Festivals and city events", "ORG-CULT",
     ["G3.4"], False),
    ("PR-15", "محرومیت‌زدایی محلات شرق و جنوب", "Deprivation removal, east and south", "HQ",
     [("G4.1", "0.85"), ("G4.3", "0.15")], True),
    ("PR-16", "نوسازی بافت فرسوده", "Renewal of worn-out fabric", "ORG-RENEW",
     ["G4.2"], True),
    ("PR-17", "مناسب‌سازی فضاهای شهری", "Accessible public spaces", "HQ", ["G4.3"], False),
    ("PR-18", "ورزش همگانی و بوستان‌های ورزشی", "Sport for all", "ORG-CULT",
     ["G4.4"], False),
    ("PR-19", "ارتقاء درآمد پایدار", "Sustainable revenue (revenue enhancement working group)",
     "HQ", ["G5.1"], True),
    ("PR-20", "پروژه‌های محرک توسعه و سرمایه‌گذاری", "Development-driver projects and PPP", "HQ",
     [("G5.2", "0.6"), ("G5.3", "0.4")], False),
    ("PR-21", "شهرداری الکترونیک", "E-municipality", "ORG-ICT",
     [("G6.1", "0.8"), ("G6.3", "0.2")], True),
    ("PR-22", "توسعه ایستگاه‌های آتش‌نشانی", "New fire stations", "ORG-FIRE",
     ["G7.1"], True),
    ("PR-23", "آمادگی و مدیریت بحران", "Crisis preparedness", "ORG-FIRE",
     ["G7.2"], False),
    # Operating support of the organizations: in the program, but linked to no goal.
    ("PR-24", "پشتیبانی و اداری", "Administration and support", "HQ", [], False),
    # Programmed, never funded.
    ("PR-25", "ایمنی ساختمان‌های بلندمرتبه", "High-rise building safety", "ORG-FIRE",
     ["G7.3"], False),
]

programs = []
for pid, name, en, owner, links, measurable in PROGRAMS:
    p = {"id": pid, "name": name, "start": "1398", "end": "1399", "owner": owner}
    goal_links = []
    for link in links:
        if isinstance(link, tuple):
            goal_links.append({"goal": link[0], "share": link[1]})
        else:
            goal_links.append({"goal": link})
    p["goals"] = goal_links
    if measurable:
        p["indicators"] = [{"id": f"{pid}-K1", "name": "تحقق فیزیکی برنامه",
                            "unit": "%", "baseline": {"value": "0", "year": "1397"},
                            "target": {"value": "100", "year": "1399"}}]
    p["x"] = {"en": en}
    programs.append(p)

# --- Projects ------------------------------------------------------------------------
CITY_PROJECTS = [
    ("احداث ایستگاه‌های خط ۲ مترو", "Metro line 2 stations", "PR-06", "ORG-METRO", ["development-driver"]),
    ("تونل خط ۲ مترو، قطعه شرقی", "Metro line 2 tunnel, eastern section", "PR-06", "ORG-METRO", ["development-driver"]),
    ("خرید واگن قطار شهری", "Metro rolling stock", "PR-06", "ORG-METRO", []),
    ("خرید ۱۰۰ دستگاه اتوبوس", "100 new buses", "PR-07", "ORG-TRAF", []),
    ("خطوط تندرو اتوبوس (BRT) شرق-غرب", "East-west BRT", "PR-07", "ORG-TRAF", ["development-driver"]),
    ("کمربند سبز شرق اصفهان", "Eastern green belt", "PR-01", "ORG-PARK", ["deprivation-removal"]),
    ("پارک جنگلی ناژوان، فاز ۲", "Nazhvan forest park, phase 2", "PR-01", "ORG-PARK", []),
    ("خط انتقال پساب به پارک‌های جنوبی", "Treated-water main to southern parks", "PR-02", "ORG-PARK", []),
    ("مجتمع پردازش پسماند", "Waste processing complex", "PR-04", "ORG-WASTE", ["revenue-enhancement"]),
    ("احیای محور تاریخی چهارباغ", "Chaharbagh historic axis", "PR-11", "ORG-RENEW", ["development-driver"]),
    ("مرمت بازار بزرگ", "Grand Bazaar restoration", "PR-11", "ORG-RENEW", []),
    ("مرکز همایش‌های بین‌المللی", "International conference centre", "PR-20", "HQ", ["development-driver", "revenue-enhancement"]),
    ("مجموعه تجاری-فرهنگی میدان امام علی", "Imam Ali square complex", "PR-20", "HQ", ["development-driver", "revenue-enhancement"]),
    ("هتل و اقامتگاه‌های گردشگری", "Tourist lodging", "PR-12", "HQ", ["revenue-enhancement"]),
    ("سامانه هوشمند کنترل ترافیک", "Intelligent traffic control system", "PR-10", "ORG-TRAF", []),
    ("ایستگاه‌های آتش‌نشانی جدید شرق", "New eastern fire stations", "PR-22", "ORG-FIRE", ["deprivation-removal"]),
    ("مرکز فرماندهی مدیریت بحران", "Crisis command centre", "PR-23", "ORG-FIRE", []),
    ("سامانه یکپارچه مدیریت پروژه‌ها (سیگما)", "Integrated project register (SIGMA)", "PR-21", "ORG-ICT", []),
    ("شهرداری الکترونیک: پنجره واحد", "E-municipality one-stop shop", "PR-21", "ORG-ICT", []),
    ("نوسازی بافت فرسوده جلفا", "Jolfa renewal", "PR-16", "ORG-RENEW", []),
    ("بوستان ورزشی غدیر", "Ghadir sports park", "PR-18", "ORG-CULT", ["deprivation-removal"]),
    ("شبکه دوچرخه حاشیه زاینده‌رود", "Zayandeh Rud riverside cycle network", "PR-08", "ORG-TRAF", []),
    ("پایش برخط کیفیت هوا", "Online air quality monitoring", "PR-03", "HQ", []),
    ("نیروگاه خورشیدی ساختمان‌های اداری", "Solar on municipal buildings", "PR-05", "HQ", []),
    ("پل‌های عابر پیاده مناسب‌سازی‌شده", "Accessible footbridges", "PR-17", "HQ", []),
    ("تالار شهر (سالن اجتماعات مرکزی)", "City hall auditorium", None, "HQ", []),
    ("ساختمان اداری جدید ستاد", "New headquarters office building", None, "HQ", []),
    ("پارکینگ طبقاتی مرکز شهر", "Downtown multi-storey car park", None, "ORG-TRAF", ["revenue-enhancement"]),
]
DISTRICT_TYPES = [
    ("آسفالت و بهسازی معابر", "Street resurfacing", [("PR-10", "0.5"), ("PR-09", "0.5")], []),
    ("احداث بوستان محله", "Neighbourhood park", ["PR-01"], []),
    ("فرهنگسرای محله", "Neighbourhood culture house", ["PR-13"], []),
    ("ایمن‌سازی تقاطع", "Junction safety works", ["PR-09"], []),
    ("مسیر دوچرخه محلی", "Local cycle lane", ["PR-08"], []),
    ("مناسب‌سازی پیاده‌رو", "Accessible pavements", ["PR-17"], []),
    ("جمع‌آوری آب‌های سطحی", "Storm drainage", [], []),
    ("زمین ورزش محله", "Neighbourhood sports ground", ["PR-18"], []),
    ("غرفه‌های تفکیک پسماند", "Recycling booths", ["PR-04"], []),
    ("نوسازی بافت فرسوده محله", "Neighbourhood renewal", ["PR-16"], []),
]

projects = []
project_meta = {}  # id -> (org unit, estimate, tier)
AS_OF = fa("1398/06/31")  # the end of Shahrivar 1398 (22 September 2019)
n = 0
for name, en, prog, unit, tags in CITY_PROJECTS:
    n += 1
    pid = f"PJ-{n:03d}"
    estimate = rng.randrange(300, 6000) * 1_000_000_000
    p = {"id": pid, "name": name, "tier": "city", "org_unit": unit}
    if tags:
        p["tags"] = tags
    p["programs"] = [{"program": prog}] if prog else []
    start_year = rng.choice([2017, 2018, 2019])
    # Solar Hijri years, as the council writes its dates: from Nowruz (1 Farvardin) to
    # the last day of Esfand, which every year has (29 Esfand).
    start_sh = start_year - 621
    p["schedule"] = {"start": fa(f"{start_sh}/01/01"),
                     "finish": fa(f"{start_sh + rng.choice([2, 3, 4]) - 1}/12/29")}
    p["estimate"] = str(estimate)
    pct = rng.randrange(5, 80)
    cost_factor = rng.uniform(0.8, 1.4)
    p["status"] = {"as_of": AS_OF, "percent_complete": f"{pct / 100:.2f}",
                   "actual_cost": str(int(estimate * pct / 100 * cost_factor) // 1_000_000 * 1_000_000)}
    p["x"] = {"en": en}
    projects.append(p)
    project_meta[pid] = (unit, estimate, "city")

for district in DISTRICTS:
    count = 9 if district in DEPRIVED else 7
    for k in range(count):
        n += 1
        pid = f"PJ-{n:03d}"
        tname, ten, progs, _ = DISTRICT_TYPES[(k + int(district[1:])) % len(DISTRICT_TYPES)]
        dnum = int(district[1:])
        estimate = rng.randrange(20, 400) * 1_000_000_000
        p = {"id": pid, "name": f"{tname}، منطقه {fa(dnum)}", "tier": "district",
             "org_unit": district}
        tags = []
        if district in DEPRIVED:
            tags.append("deprivation-removal")
        if tags:
            p["tags"] = tags
        links = []
        for prog in progs:
            if isinstance(prog, tuple):
                links.append({"program": prog[0], "share": prog[1]})
            else:
                links.append({"program": prog})
        if district in DEPRIVED and links and all("share" not in l for l in links):
            # Deprived districts' projects also serve the deprivation-removal program.
            links = [{"program": links[0]["program"], "share": "0.6"},
                     {"program": "PR-15", "share": "0.4"}]
        p["programs"] = links
        p["schedule"] = {"start": "1398-01-01", "finish": f"{rng.choice([2020, 2021]) - 622}-12-29"}
        p["estimate"] = str(estimate)
        pct = rng.randrange(0, 60)
        p["status"] = {"as_of": AS_OF, "percent_complete": f"{pct / 100:.2f}",
                       "actual_cost": str(int(estimate * pct / 100 * rng.uniform(0.85, 1.3)) // 1_000_000 * 1_000_000)}
        p["x"] = {"en": f"{ten}, district {dnum}"}
        projects.append(p)
        project_meta[pid] = (district, estimate, "district")

# --- Budget lines --------------------------------------------------------------------
lines = []
seq = {"1398": 0, "1399": 0}


def add_line(year, unit, category, name, en, amount, funds=None, direction=None):
    seq[year] += 1
    line = {"id": f"BL-{year}-{seq[year]:04d}", "name": name, "year": year, "org_unit": unit,
            "category": category}
    if direction:
        line["direction"] = direction
    line["proposed"] = str(round_m(amount * rng.uniform(1.0, 1.2)))
    line["amount"] = str(amount)
    if year == "1398":
        revised = round_m(amount * rng.uniform(0.85, 1.1))
        line["revised"] = str(revised)
        spent = round_m(revised * rng.uniform(0.35, 0.95))
        line["spent"] = str(spent)
        # Committed lies between spent and revised; derived, so the random stream (and
        # every other figure) stays as it was.
        line["committed"] = str(round_m(spent + (revised - spent) * 0.6))
    if funds:
        line["funds"] = funds
    line["x"] = {"en": en}
    lines.append(line)
    return line


def round_m(v):
    """Rounds to a million rials, as budget tables are written."""
    return int(v) // 1_000_000 * 1_000_000


CAPITAL_ITEMS = [
    ("مطالعات و طراحی", "Studies and design"),
    ("عملیات اجرایی", "Construction works"),
    ("خرید تجهیزات", "Equipment"),
    ("نظارت کارگاهی", "Site supervision"),
]
for pj in projects:
    unit, estimate, tier = project_meta[pj["id"]]
    n_lines = rng.choice([2, 3, 4]) if tier == "city" else rng.choice([2, 3])
    budget_share = rng.uniform(0.35, 0.75)
    if pj["id"] == "PJ-009":
        budget_share = 1.3  # over-funded against its estimate (W108)
    for k in range(n_lines):
        year = "1398" if k % 2 == 0 else "1399"
        item, item_en = CAPITAL_ITEMS[k % len(CAPITAL_ITEMS)]
        amount = round_m(estimate * budget_share / n_lines * rng.uniform(0.7, 1.3))
        add_line(year, unit if tier == "district" or k % 2 == 0 else "HQ", "capital",
                 f"{item} - {pj['name']}", f"{item_en} - {pj['x']['en']}", amount,
                 [{"project": pj["id"]}])

CURRENT_ITEMS = [
    # (name, english, program links or None for unlinked, base amount in billions)
    ("حقوق و دستمزد کارکنان", "Staff salaries", None, 180),
    ("نگهداری فضای سبز", "Green space maintenance", [{"program": "PR-01"}], 60),
    ("رفت و روب و جمع‌آوری پسماند", "Street cleaning and waste collection",
     [{"program": "PR-04", "share": "0.9"}], 90),
    ("نگهداری معابر و روشنایی", "Street and lighting maintenance",
     [{"program": "PR-10", "share": "0.5"}, {"program": "PR-09", "share": "0.3"}], 45),
    ("خدمات اداری و پشتیبانی", "Administrative services", [{"program": "PR-24"}], 30),
    ("برنامه‌های فرهنگی و ورزشی محله", "Neighbourhood culture and sport",
     [{"program": "PR-13"}, {"program": "PR-18"}], 12),
]
for year in ("1398", "1399"):
    growth = 1.0 if year == "1398" else 1.18
    for unit in ["HQ"] + DISTRICTS:
        scale = 3.0 if unit == "HQ" else rng.uniform(0.6, 1.4)
        for name, en, funds, base in CURRENT_ITEMS:
            amount = round_m(base * 1_000_000_000 * scale * growth * rng.uniform(0.8, 1.2))
            add_line(year, unit, "current", f"{name} - {unit}", f"{en} - {unit}", amount,
                     [dict(f) for f in funds] if funds else None)
    ORG_CURRENT = {
        "ORG-PARK": [{"program": "PR-01", "share": "0.7"}, {"program": "PR-02", "share": "0.3"}],
        "ORG-TRAF": [{"program": "PR-07"}],
        "ORG-METRO": [{"program": "PR-06"}],
        "ORG-WASTE": [{"program": "PR-04"}],
        "ORG-FIRE": [{"program": "PR-22", "share": "0.8"}, {"program": "PR-23", "share": "0.2"}],
        "ORG-CULT": [{"program": "PR-13"}, {"program": "PR-14"}, {"program": "PR-18"}],
        "ORG-RENEW": [{"program": "PR-16"}],
        "ORG-ICT": [{"program": "PR-21"}],
    }
    for oid, _, en in ORGS:
        add_line(year, oid, "current", f"حقوق و دستمزد - {oid}", f"Salaries - {en}",
                 round_m(rng.uniform(80, 220) * 1_000_000_000 * growth))
        add_line(year, oid, "current", f"هزینه‌های عملیاتی - {oid}", f"Operating costs - {en}",
                 round_m(rng.uniform(60, 250) * 1_000_000_000 * growth),
                 [dict(f) for f in ORG_CURRENT[oid]])
        add_line(year, oid, "current", f"پشتیبانی - {oid}", f"Support - {en}",
                 round_m(rng.uniform(10, 40) * 1_000_000_000 * growth),
                 [{"program": "PR-24"}])

# Small operating lines of the districts, many of them, as real budgets have.
SMALL_ITEMS = [
    ("تعمیرات جزئی ساختمان‌ها", "Minor building repairs", [{"program": "PR-24"}]),
    ("اجاره و خدمات قراردادی", "Rents and contracted services", None),
    ("سوخت و انرژی", "Fuel and energy", [{"program": "PR-24", "share": "0.5"}, {"program": "PR-05", "share": "0.1"}]),
    ("آموزش شهروندی", "Civic education", [{"program": "PR-21"}]),
    ("مناسبت‌ها و جشن‌های محله", "Neighbourhood events", [{"program": "PR-14"}]),
    ("خدمات ایمنی محله", "Neighbourhood safety services", [{"program": "PR-23"}]),
    ("بهداشت محیط", "Environmental health", [{"program": "PR-03", "share": "0.5"}]),
    ("پایش عملکرد و گزارش‌دهی", "Performance monitoring and reporting", [{"program": "PR-21", "share": "0.5"}]),
]
target_lines = 1000
k = 0
while len(lines) < target_lines:
    year = "1398" if k % 2 == 0 else "1399"
    unit = DISTRICTS[(k // 2) % len(DISTRICTS)]
    name, en, funds = SMALL_ITEMS[(k // 30) % len(SMALL_ITEMS)]
    amount = round_m(rng.uniform(0.5, 9) * 1_000_000_000)
    add_line(year, unit, "current", f"{name} - {unit}", f"{en} - {unit}", amount,
             [dict(f) for f in funds] if funds else None)
    k += 1

# Revenue lines: the balance side (revenue realisation, تحقق درآمد).
REVENUES = [
    ("عوارض صدور پروانه ساختمانی", "Building permit duties", 3600),
    ("عوارض نوسازی", "Renewal duties", 1000),
    ("درآمد حاصل از فروش خدمات", "Service fees", 720),
    ("بهای خدمات پسماند", "Waste service charges", 480),
    ("کمک‌های دولت", "Government grants", 1600),
    ("درآمد سرمایه‌گذاری‌ها", "Investment income", 600),
]
for year in ("1398", "1399"):
    growth = 1.0 if year == "1398" else 1.2
    for unit in ["HQ"] + DISTRICTS:
        scale = 2.0 if unit == "HQ" else rng.uniform(0.15, 0.5)
        for name, en, base in REVENUES[:4] if unit != "HQ" else REVENUES:
            amount = round_m(base * 1_000_000_000 * scale * growth * rng.uniform(0.8, 1.2))
            add_line(year, unit, "revenue", f"{name} - {unit}", f"{en} - {unit}", amount,
                     direction="revenue")

# A few amounts written as they appear in the council's tables: Persian digits and the
# `/` thousands mark. goldthread reads them exactly.
for line in lines[5:12]:
    value = int(line["amount"])
    groups = []
    while value >= 1000:
        groups.append(f"{value % 1000:03d}")
        value //= 1000
    groups.append(str(value))
    line["amount"] = fa("/".join(reversed(groups)))

# --- Classifications (illustrative tags, SPEC §10) -----------------------------------
# Which SDG targets and climate markers each program serves is the council's judgement;
# these tags are illustrative, made for the example, not an official tagging.
SDG_CODES = [
    ("7", "انرژی پاک و مقرون‌به‌صرفه", None), ("7.2", "سهم انرژی تجدیدپذیر", "7"),
    ("11", "شهرها و جوامع پایدار", None),
    ("11.1", "مسکن و ارتقای سکونتگاه‌های فرسوده", "11"), ("11.2", "حمل‌ونقل عمومی", "11"),
    ("11.3", "شهرنشینی فراگیر و برنامه‌ریزی مشارکتی", "11"), ("11.4", "میراث فرهنگی و طبیعی", "11"),
    ("11.5", "کاهش آسیب سوانح", "11"), ("11.6", "کیفیت هوا و مدیریت پسماند", "11"),
    ("11.7", "فضای سبز و عمومی", "11"),
    ("13", "اقدام اقلیمی", None), ("13.1", "تاب‌آوری و سازگاری", "13"),
]
SDG_PROGRAMS = {
    "PR-01": [("11.7", "0.7"), ("13.1", "0.3")], "PR-02": [("11.7", "0.6"), ("11.6", "0.4")],
    "PR-03": [("11.6", None)], "PR-04": [("11.6", None)], "PR-05": [("7.2", None)],
    "PR-06": [("11.2", None)], "PR-07": [("11.2", None)], "PR-08": [("11.2", "0.6"), ("11.7", "0.4")],
    "PR-09": [("11.2", None)], "PR-10": [("11.2", None)], "PR-11": [("11.4", None)],
    "PR-12": [("11.4", "0.5")], "PR-15": [("11.1", "0.5"), ("11.3", "0.5")],
    "PR-16": [("11.1", None)], "PR-17": [("11.7", "0.5"), ("11.3", "0.5")],
    "PR-22": [("11.5", None)], "PR-23": [("11.5", "0.5"), ("13.1", "0.5")], "PR-25": [("11.5", None)],
}
CLIMATE_PROGRAMS = {
    "PR-01": [("mitigation", "0.4"), ("adaptation", "1")], "PR-02": [("adaptation", "1")],
    "PR-03": [("mitigation", "0.4")], "PR-04": [("mitigation", "1")], "PR-05": [("mitigation", "1")],
    "PR-06": [("mitigation", "1")], "PR-07": [("mitigation", "1")], "PR-08": [("mitigation", "1")],
    "PR-23": [("adaptation", "1")],
}


def tags(by_program, value):
    return [{"program": p, "code": c, **({value: v} if v else {})}
            for p, codes in by_program.items() for c, v in codes]


# A project tagged apart from its program (the Nazhvan forest park is green space only), a
# fleet of diesel buses that mitigates only significantly, and an unlinked line tagged on
# its own: money that reaches no goal may still serve an SDG target.
unlinked = next(l["id"] for l in lines if not l.get("funds") and l.get("direction") != "revenue")
classifications = [
    {"id": "sdg", "name": "اهداف توسعه پایدار (SDG)", "kind": "share",
     "codes": [{"id": i, "name": n, **({"parent": p} if p else {})} for i, n, p in SDG_CODES],
     "tags": tags(SDG_PROGRAMS, "share") + [{"project": "PJ-007", "code": "11.7"},
                                            {"line": unlinked, "code": "11.3"}]},
    {"id": "climate", "name": "نشانگرهای اقلیمی ریو", "kind": "marker",
     "codes": [{"id": "mitigation", "name": "کاهش انتشار"}, {"id": "adaptation", "name": "سازگاری"}],
     "tags": tags(CLIMATE_PROGRAMS, "weight") + [{"project": "PJ-004", "code": "mitigation", "weight": "0.4"}]},
]

plan = {
    "format": "goldthread/1",
    "name": "شهرداری اصفهان — برنامه عملیاتی و بودجه ۱۳۹۸-۱۳۹۹",
    "currency": "IRR",
    "precision": 0,
    "calendar": "solar_hijri",
    "org_units": org_units,
    "goals": goals,
    "programs": programs,
    "projects": projects,
    "budget_lines": lines,
    "classifications": classifications,
    "x": {"en": "Isfahan municipality - operational program and budget 1398-1399 (illustrative)",
          "source": "modelled on the Isfahan city council statement; figures invented",
          "generator": "examples/isfahan/generate.py"},
}
# `--year 1398` writes the plan of one fiscal year: the same goals, programs and projects,
# only that year's lines (what `goldthread diff` compares year against year).
if sys.argv[1:2] == ["--year"] and len(sys.argv) == 3:
    year = sys.argv[2]
    plan["budget_lines"] = [l for l in lines if l["year"] == year]
    kept = {l["id"] for l in plan["budget_lines"]}
    for c in classifications:
        c["tags"] = [t for t in c["tags"] if t.get("line", next(iter(kept), "")) in kept]
    plan["name"] = f"{plan['name']} — {year}"
elif sys.argv[1:]:
    sys.exit("usage: generate.py [--year YEAR]")
json.dump(plan, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
