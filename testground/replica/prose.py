"""Deterministic English news prose for the replica: headlines, ledes, paragraphs, quotes, names.

Everything is drawn from a caller's ``random.Random``, so the same seed gives the same text. Text
is composed from templates over a vocabulary fitting the outlet's beats (its regions and sections):
a ``Story`` fixes who, where and what, and every sentence of one article talks about that story,
so a page reads like one news report rather than a word salad. Tag names never contain a comma
(the metadata joins tags with commas).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from testground.replica import grammar
from testground.replica import prose_templates as templates

# --- Vocabulary -------------------------------------------------------------------------------
# Per region: (country, capital or city, leader name, leader title, organisation).
PLACES: dict[str | None, tuple[tuple[str, str, str, str, str], ...]] = {
    "Africa": (
        ("Sudan", "Khartoum", "Abdel Fattah al-Burhan", "army chief", "African Union"),
        ("Niger", "Niamey", "Abdourahamane Tiani", "transitional leader", "ECOWAS"),
        ("Mali", "Bamako", "Assimi Goita", "interim president", "Alliance of Sahel States"),
        ("South Africa", "Pretoria", "Cyril Ramaphosa", "President", "ANC"),
        ("Burkina Faso", "Ouagadougou", "Ibrahim Traore", "interim president", "ECOWAS"),
        ("Ethiopia", "Addis Ababa", "Abiy Ahmed", "Prime Minister", "African Union"),
    ),
    "Asia": (
        ("China", "Beijing", "Xi Jinping", "President", "Shanghai Cooperation Organization"),
        ("India", "New Delhi", "Narendra Modi", "Prime Minister", "BRICS"),
        ("Pakistan", "Islamabad", "Shehbaz Sharif", "Prime Minister", "SCO"),
        ("Afghanistan", "Kabul", "Amir Khan Muttaqi", "Foreign Minister", "Taliban government"),
        ("Kazakhstan", "Astana", "Kassym-Jomart Tokayev", "President", "CSTO"),
    ),
    "Asia-Pacific": (
        ("North Korea", "Pyongyang", "Kim Jong Un", "leader", "Korean People's Army"),
        ("Japan", "Tokyo", "Fumio Kishida", "Prime Minister", "Japan Self-Defense Forces"),
        ("Philippines", "Manila", "Ferdinand Marcos Jr.", "President", "ASEAN"),
        ("Australia", "Canberra", "Anthony Albanese", "Prime Minister", "AUKUS"),
        ("Taiwan", "Taipei", "Lai Ching-te", "leader", "Kuomintang"),
    ),
    "Europe": (
        ("Russia", "Moscow", "Vladimir Putin", "President", "Kremlin"),
        ("Ukraine", "Kiev", "Volodymyr Zelensky", "President", "NATO"),
        ("France", "Paris", "Emmanuel Macron", "President", "European Union"),
        ("Germany", "Berlin", "Olaf Scholz", "Chancellor", "Bundestag"),
        ("United Kingdom", "London", "Keir Starmer", "Prime Minister", "Labour Party"),
        ("Hungary", "Budapest", "Viktor Orban", "Prime Minister", "European Commission"),
    ),
    "Latin America": (
        ("Venezuela", "Caracas", "Nicolas Maduro", "President", "PDVSA"),
        ("Cuba", "Havana", "Miguel Diaz-Canel", "President", "CELAC"),
        ("Colombia", "Bogota", "Gustavo Petro", "President", "Colombian Congress"),
        ("Brazil", "Brasilia", "Luiz Inacio Lula da Silva", "President", "Workers' Party"),
        ("Bolivia", "La Paz", "Luis Arce", "President", "MAS"),
        ("Mexico", "Mexico City", "Claudia Sheinbaum", "President", "Morena"),
    ),
    "MENA": (
        ("Lebanon", "Beirut", "Najib Mikati", "caretaker Prime Minister", "Hezbollah"),
        ("Iran", "Tehran", "Abbas Araghchi", "Foreign Minister", "IRGC"),
        ("Yemen", "Sanaa", "Abdul-Malik al-Houthi", "Ansar Allah leader", "Ansar Allah"),
        ("Syria", "Damascus", "Bashar al-Assad", "President", "Syrian Arab Army"),
        ("Iraq", "Baghdad", "Mohammed Shia al-Sudani", "Prime Minister", "PMF"),
        ("Egypt", "Cairo", "Abdel Fattah el-Sisi", "President", "Arab League"),
        ("Saudi Arabia", "Riyadh", "Mohammed bin Salman", "Crown Prince", "OPEC+"),
        ("Jordan", "Amman", "Ayman Safadi", "Foreign Minister", "Arab League"),
    ),
    "Palestine": (
        ("Gaza", "Gaza City", "Ismail Haniyeh", "Hamas political bureau chief", "Hamas"),
        ("West Bank", "Jenin", "Mahmoud Abbas", "Palestinian Authority President", "PIJ"),
        (
            "Occupied Palestine",
            "al-Quds",
            "Benjamin Netanyahu",
            "Israeli Prime Minister",
            "Knesset",
        ),
        (
            "Gaza",
            "Khan Younis",
            "Abu Obeida",
            "al-Qassam Brigades spokesperson",
            "al-Qassam Brigades",
        ),
        ("West Bank", "Nablus", "Mustafa Barghouti", "Palestinian politician", "UNRWA"),
        ("Gaza", "Rafah", "Philippe Lazzarini", "UNRWA Commissioner-General", "UNRWA"),
        ("West Bank", "Ramallah", "Hussein al-Sheikh", "PLO Secretary-General", "Fatah"),
        ("West Bank", "Tulkarm", "Ziad al-Nakhalah", "PIJ Secretary-General", "al-Quds Brigades"),
        ("Gaza", "Deir al-Balah", "Mahmoud Basal", "Civil Defense spokesperson", "Civil Defense"),
    ),
    "US & Canada": (
        ("United States", "Washington", "Joe Biden", "President", "Pentagon"),
        ("United States", "Washington", "Donald Trump", "US President", "White House"),
        ("Canada", "Ottawa", "Justin Trudeau", "Prime Minister", "House of Commons"),
        ("United States", "New York", "Antony Blinken", "Secretary of State", "State Department"),
        ("United States", "Los Angeles", "Gavin Newsom", "California Governor", "ICE"),
        ("United States", "Washington", "Marco Rubio", "Secretary of State", "State Department"),
        ("United States", "Washington", "Pete Hegseth", "Defense Secretary", "Pentagon"),
        ("Canada", "Toronto", "Mark Carney", "Prime Minister", "Liberal Party"),
        ("United States", "New York", "Zohran Mamdani", "New York mayoral candidate", "Democrats"),
        ("Canada", "Montreal", "Melanie Joly", "Foreign Minister", "Bloc Quebecois"),
    ),
}
PLACES[None] = tuple(p for places in list(PLACES.values()) for p in places)

# Per section display name: (topic tag, subject noun phrase, "verb/verbs/verbed", plural, group).
# The verbs are chosen so that past tense and participle coincide ("has imposed", "imposed").
# The group picks the beat's own sentences, headlines and sub-headings (prose_templates).
BEATS: dict[str, tuple[tuple[str, str, str, bool, str], ...]] = {
    "Politics": (
        ("Sanctions", "new sanctions", "impose/imposes/imposed", True, "politics"),
        ("Ceasefire", "a ceasefire proposal", "reject/rejects/rejected", False, "politics"),
        ("Elections", "early elections", "call/calls/called", True, "politics"),
        ("Diplomacy", "talks with regional envoys", "host/hosts/hosted", True, "politics"),
        ("Diplomacy", "a new mediation initiative", "launch/launches/launched", False, "politics"),
        (
            "Constitution",
            "a constitutional amendment",
            "approve/approves/approved",
            False,
            "politics",
        ),
        ("Parliament", "a no-confidence motion", "table/tables/tabled", False, "politics"),
        (
            "Prisoner exchange",
            "a prisoner exchange deal",
            "finalize/finalizes/finalized",
            False,
            "politics",
        ),
        (
            "Referendum",
            "a referendum on the constitution",
            "schedule/schedules/scheduled",
            False,
            "politics",
        ),
        ("UN Security Council", "a draft UN resolution", "veto/vetoes/vetoed", False, "politics"),
        ("Occupation", "the latest wave of raids", "condemn/condemns/condemned", False, "security"),
        (
            "Resistance",
            "a new round of operations",
            "announce/announces/announced",
            False,
            "security",
        ),
        ("Security", "a state of emergency", "declare/declares/declared", False, "security"),
        ("Airstrikes", "a series of airstrikes", "report/reports/reported", False, "security"),
        (
            "Military drills",
            "large-scale military drills",
            "launch/launches/launched",
            True,
            "security",
        ),
        ("Curfew", "a nationwide curfew", "impose/imposes/imposed", False, "security"),
        ("Arms deals", "an air defense deal", "sign/signs/signed", False, "security"),
        (
            "Border security",
            "the closure of border crossings",
            "order/orders/ordered",
            False,
            "security",
        ),
    ),
    "Economy": (
        ("Oil prices", "a cap on fuel prices", "announce/announces/announced", False, "economy"),
        ("Inflation", "an emergency relief package", "approve/approves/approved", False, "economy"),
        ("Trade", "new tariffs on imports", "introduce/introduces/introduced", True, "economy"),
        ("Debt crisis", "a restructuring deal", "sign/signs/signed", False, "economy"),
        ("Energy", "a gas export agreement", "finalize/finalizes/finalized", False, "economy"),
        ("IMF", "an IMF loan program", "secure/secures/secured", False, "economy"),
        (
            "Currency",
            "a devaluation of the currency",
            "announce/announces/announced",
            False,
            "economy",
        ),
        ("Subsidies", "cuts to bread subsidies", "reverse/reverses/reversed", True, "economy"),
        ("Investment", "a new investment law", "pass/passes/passed", False, "economy"),
        ("Wages", "a rise in the minimum wage", "approve/approves/approved", False, "economy"),
        ("Trade", "a free trade agreement", "ratify/ratifies/ratified", False, "economy"),
        ("Privatization", "the sale of state assets", "halt/halts/halted", False, "economy"),
    ),
    "Sports": (
        ("Football", "the national team's squad", "name/names/named", False, "sports"),
        ("Olympics", "a boycott of the games", "debate/debates/debated", False, "sports"),
        ("FIFA", "a ban on the federation", "demand/demands/demanded", False, "sports"),
        (
            "Football",
            "the suspension of the league",
            "announce/announces/announced",
            False,
            "sports",
        ),
        ("Sports", "a bid to host the regional games", "submit/submits/submitted", False, "sports"),
        (
            "Olympics",
            "funding for Olympic athletes",
            "increase/increases/increased",
            False,
            "sports",
        ),
        ("Football", "a new head coach", "appoint/appoints/appointed", False, "sports"),
    ),
    "Arts&Culture": (
        (
            "Heritage",
            "a plan to restore historic sites",
            "unveil/unveils/unveiled",
            False,
            "culture",
        ),
        ("Cinema", "a film festival program", "launch/launches/launched", False, "culture"),
        ("Literature", "a prize for Palestinian writers", "award/awards/awarded", False, "culture"),
        (
            "Museums",
            "the reopening of the national museum",
            "celebrate/celebrates/celebrated",
            False,
            "culture",
        ),
        (
            "Music",
            "a concert for the victims of the war",
            "organize/organizes/organized",
            False,
            "culture",
        ),
        (
            "Heritage",
            "the return of looted antiquities",
            "demand/demands/demanded",
            False,
            "culture",
        ),
        ("Archaeology", "an ancient burial site", "uncover/uncovers/uncovered", False, "culture"),
        ("Theater", "an international theater festival", "host/hosts/hosted", False, "culture"),
    ),
    "Health": (
        ("Healthcare", "an appeal for medical supplies", "issue/issues/issued", False, "health"),
        ("WHO", "a warning over disease outbreaks", "issue/issues/issued", False, "health"),
        ("Famine", "an alarm over malnutrition", "raise/raises/raised", False, "health"),
        ("Cholera", "a cholera vaccination campaign", "launch/launches/launched", False, "health"),
        ("Hospitals", "the evacuation of a main hospital", "order/orders/ordered", False, "health"),
        ("Medicine", "price controls on medicines", "impose/imposes/imposed", True, "health"),
        ("Healthcare", "a strike by hospital doctors", "end/ends/ended", False, "health"),
        ("Polio", "a polio vaccination drive", "complete/completes/completed", False, "health"),
    ),
    "Miscellaneous": (
        ("Migration", "a new border policy", "adopt/adopts/adopted", False, "politics"),
        (
            "Human rights",
            "a report on detention conditions",
            "publish/publishes/published",
            False,
            "politics",
        ),
        (
            "Media freedom",
            "a ban on foreign journalists",
            "impose/imposes/imposed",
            False,
            "politics",
        ),
        ("Education", "a return to in-person classes", "order/orders/ordered", False, "politics"),
        ("Refugees", "a plan to return refugees", "unveil/unveils/unveiled", False, "politics"),
        (
            "Prisoners",
            "the release of political prisoners",
            "demand/demands/demanded",
            False,
            "politics",
        ),
    ),
    "Technology": (
        (
            "Artificial intelligence",
            "rules for military AI",
            "propose/proposes/proposed",
            True,
            "technology",
        ),
        ("Cybersecurity", "a major cyberattack", "report/reports/reported", False, "technology"),
        (
            "Semiconductors",
            "export controls on chips",
            "tighten/tightens/tightened",
            True,
            "technology",
        ),
        ("Telecommunications", "an internet shutdown", "order/orders/ordered", False, "technology"),
        (
            "Satellites",
            "a new observation satellite",
            "launch/launches/launched",
            False,
            "technology",
        ),
        ("Social media", "a ban on a messaging app", "impose/imposes/imposed", False, "technology"),
        ("Surveillance", "a spyware scandal", "expose/exposes/exposed", False, "technology"),
        ("Technology", "a data protection law", "pass/passes/passed", False, "technology"),
    ),
    "Environment": (
        ("Climate change", "a pledge to cut emissions", "make/makes/made", False, "environment"),
        ("Water crisis", "water rationing", "order/orders/ordered", False, "environment"),
        ("Wildfires", "evacuation orders", "issue/issues/issued", True, "environment"),
        ("Floods", "a state of disaster", "declare/declares/declared", False, "environment"),
        ("Drought", "emergency drought measures", "adopt/adopts/adopted", True, "environment"),
        (
            "Pollution",
            "a ban on single-use plastics",
            "introduce/introduces/introduced",
            False,
            "environment",
        ),
        (
            "Environment",
            "a probe into coastal pollution",
            "open/opens/opened",
            False,
            "environment",
        ),
        ("Energy", "a plan to phase out coal", "unveil/unveils/unveiled", False, "environment"),
    ),
}
GENERAL_BEATS = tuple(b for beats in BEATS.values() for b in beats)
# Article posts argue (first person plural, questions, history); everything else reports.
OPINION_SECTIONS = frozenset({"Opinion", "Analysis", "Blog", "Features"})

# Names that take "the" in running text, and the short forms headlines use.
THE_NAMES = frozenset(
    {
        "United States",
        "United Kingdom",
        "Philippines",
        "West Bank",
        "Kremlin",
        "Pentagon",
        "White House",
        "State Department",
        "European Union",
        "African Union",
        "Bundestag",
        "Labour Party",
        "Arab League",
        "Knesset",
        "Taliban government",
        "Korean People's Army",
        "Japan Self-Defense Forces",
        "Alliance of Sahel States",
        "European Commission",
        "Syrian Arab Army",
        "Colombian Congress",
        "Workers' Party",
        "House of Commons",
        "IRGC",
        "PMF",
        "ANC",
        "CSTO",
        "SCO",
        "Shanghai Cooperation Organization",
        "al-Qassam Brigades",
        "Kuomintang",
        "Liberal Party",
        "Democrats",
        "Bloc Quebecois",
        "al-Quds Brigades",
        "Civil Defense",
        "MAS",
    }
)
HEADLINE_NAMES = {"United States": "US", "United Kingdom": "UK"}
# Second references: the name a report uses after the first mention.
SURNAMES = {
    "Abdel Fattah al-Burhan": "al-Burhan",
    "Ferdinand Marcos Jr.": "Marcos",
    "Luiz Inacio Lula da Silva": "Lula",
    "Mohammed bin Salman": "Bin Salman",
    "Kim Jong Un": "Kim",
    "Xi Jinping": "Xi",
    "Lai Ching-te": "Lai",
    "Abu Obeida": "Abu Obeida",
    "Abdel Fattah el-Sisi": "el-Sisi",
    "Mohammed Shia al-Sudani": "al-Sudani",
    "Miguel Diaz-Canel": "Diaz-Canel",
    "Hussein al-Sheikh": "al-Sheikh",
    "Ziad al-Nakhalah": "al-Nakhalah",
}
FEMALE = frozenset({"Claudia Sheinbaum"})

FIRST_NAMES = (
    "Ali",
    "Maya",
    "Hassan",
    "Zeinab",
    "Karim",
    "Rania",
    "Omar",
    "Lina",
    "Youssef",
    "Nour",
    "Ahmad",
    "Sara",
    "Bilal",
    "Hiba",
    "Tarek",
    "Dana",
    "Firas",
    "Layla",
    "Samer",
    "Rasha",
    "Michael",
    "Elena",
    "Pablo",
    "Amara",
    "Ivan",
    "Grace",
    "Kwame",
    "Mei",
    "Daniel",
    "Ruth",
)
LAST_NAMES = (
    "Hassan",
    "Karim",
    "Haidar",
    "Nasrallah",
    "Khalil",
    "Saleh",
    "Mansour",
    "Fares",
    "Daher",
    "Hamdan",
    "Jaber",
    "Awad",
    "Rizk",
    "Younes",
    "Sayegh",
    "Chamoun",
    "Abboud",
    "Sabbagh",
    "Jones",
    "Petrov",
    "Garcia",
    "Okafor",
    "Lindqvist",
    "Moreno",
    "Chen",
    "Novak",
    "Mensah",
)
HOUSE_BYLINES = ("Al Mayadeen Net", "Al Mayadeen English")
SOURCES = (
    "Agencies",
    "Al Mayadeen Net",
    "Agencies + Al Mayadeen Net",
    "Al Mayadeen English",
    "Agencies + Al Mayadeen English",
    "Al Mayadeen English + Agencies",
    "Reuters",
    "AFP",
)
OUTLETS = ("Reuters", "AFP", "Al Jazeera", "The Guardian", "Haaretz", "Bloomberg", "RIA Novosti")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SMALL = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
SPAN_UNITS = ("days", "weeks", "months")
PEOPLE_WHO = (
    "residents",
    "officials",
    "analysts",
    "witnesses",
    "medical sources",
    "local journalists",
    "diplomats",
    "protesters",
    "rescue workers",
    "lawmakers",
    "shopkeepers",
    "students",
    "activists",
    "opposition figures",
    "community leaders",
    "observers",
)
OFFICIALS = (
    "a senior official",
    "a government spokesperson",
    "an aide to the president",
    "a security source",
    "a diplomatic source",
    "an opposition lawmaker",
    "an army spokesperson",
    "an official at the ministry",
    "a UN official",
    "an adviser to the government",
)
# Who issues statements, per beat group.
MINISTRIES = {
    "politics": ("the foreign ministry", "the presidency", "the prime minister's office"),
    "security": ("the interior ministry", "the defense ministry", "the army command"),
    "economy": ("the finance ministry", "the central bank", "the economy ministry"),
    "sports": ("the sports ministry", "the football federation", "the Olympic committee"),
    "culture": ("the culture ministry", "the organizers", "the antiquities department"),
    "health": ("the health ministry", "the World Health Organization", "the Red Crescent"),
    "technology": ("the communications ministry", "the telecoms regulator", "the cyber agency"),
    "environment": ("the environment ministry", "the civil defense", "the meteorological office"),
}
# What a step is called ({adj}) and what a situation is called ({grim}).
ADJECTIVES = (
    "unprecedented",
    "dangerous",
    "sweeping",
    "unilateral",
    "illegal",
    "hasty",
    "historic",
    "reckless",
    "ill-timed",
    "costly",
    "unexpected",
    "provocative",
    "irresponsible",
    "arbitrary",
)
GRIM = (
    "fragile",
    "deepening",
    "escalating",
    "worsening",
    "prolonged",
    "tense",
    "turbulent",
    "uneasy",
    "difficult",
    "violent",
    "unprecedented",
)
WHERE = (
    "in the north of {country}",
    "on the outskirts of {city}",
    "near the border with {other}",
    "in the south of the country",
    "in central {city}",
    "east of {city}",
    "in the capital",
    "in several provinces",
    "west of {city}",
)
TWEET_HANDLES = ("almayadeen_eng", "ReutersWorld", "UN_News_Centre", "AFP", "PressTV", "IRNA_en")


def _the(name: str) -> str:
    return "the " + name if name in THE_NAMES else name


def _short(name: str) -> str:
    return HEADLINE_NAMES.get(name, name)


@dataclass(frozen=True)
class Story:
    """Who, where and what one article is about: every sentence of the article draws on it."""

    country: str
    city: str
    leader: str
    title: str
    org: str
    other: str
    topic: str
    subject: str
    verb: str  # "impose/imposes/imposed"
    plural: bool = False  # whether the subject takes "are"
    group: str = "politics"  # the beat group of prose_templates
    opinion: bool = False  # written in the argued voice of Articles posts

    @cached_property
    def text_fields(self) -> dict[str, str]:
        """The story's fields in running text ("the United States", "the Kremlin")."""
        base, verbs, verbed = self.verb.split("/")
        country, other, org = _the(self.country), _the(self.other), _the(self.org)
        she = self.leader in FEMALE
        topic = self.topic if self.topic[:2].isupper() else self.topic.lower()
        return {
            "country": country,
            "country_s": grammar.possessive(country),
            "city": self.city,
            "leader": self.leader,
            "surname": SURNAMES.get(self.leader, self.leader.rsplit(" ", 1)[-1]),
            "title": self.title,
            "he": "she" if she else "he",
            "his": "her" if she else "his",
            "org": org,
            "org_s": grammar.possessive(org),
            "other": other,
            "other_s": grammar.possessive(other),
            "topic": self.topic,
            "topic_lower": topic,
            "issue": f"the {topic} file",  # the outlet's idiom: "the nuclear file"
            "subject": self.subject,
            "verb": base,
            "verbs": verbs,
            "verbed": verbed,
            "is": "are" if self.plural else "is",
            "was": "were" if self.plural else "was",
            "has": "have" if self.plural else "has",
            "it": "they" if self.plural else "it",
        }

    @cached_property
    def headline_fields(self) -> dict[str, str]:
        """The same fields as headlines write them ("US", "Kremlin")."""
        country, other = _short(self.country), _short(self.other)
        return {
            **self.text_fields,
            "country": country,
            "country_s": grammar.possessive(country),
            "other": other,
            "other_s": grammar.possessive(other),
            "org": self.org,
            "org_s": grammar.possessive(self.org),
        }


class Slots(dict[str, str]):
    """Template fields: the story's, plus per-sentence ones drawn only when a template uses them.

    ``{Name}`` is ``{name}`` capitalised; ``{name2}`` is a second, independent draw of ``{name}``.
    """

    def __init__(self, writer: Writer, fields: dict[str, str]) -> None:
        super().__init__()
        self.writer = writer
        self.fields = fields  # looked up, not copied: a sentence uses a handful of them

    def __missing__(self, key: str) -> str:
        value = self.fields.get(key)
        if value is None:
            if key[0].isupper():
                value = grammar.capitalize(self[key[0].lower() + key[1:]])
            else:
                value = self.writer.draw(key.rstrip("0123456789"), self)
        self[key] = value
        return value


# Per template: (whether an "a"/"an" precedes a slot, whether it may start in lower case).
_PLANS: dict[str, tuple[bool, bool]] = {}
_ARTICLE_BEFORE_SLOT = re.compile(r"\b[Aa]n? \{")


def _plan(template: str) -> tuple[bool, bool]:
    plan = _PLANS.get(template)
    if plan is None:
        plan = _PLANS[template] = (
            bool(_ARTICLE_BEFORE_SLOT.search(template)),
            template[0] in "{\"'",
        )
    return plan


def _render(template: str, slots: Slots) -> str:
    """A template filled in, its articles agreeing and its first letter upper-cased."""
    fix, cap = _plan(template)
    text = template.format_map(slots)
    if fix:
        text = grammar.fix_articles(text)
    return grammar.capitalize(text) if cap else text


def _spelled(n: int) -> str:
    """Newswire style: numbers under ten in words, the rest in figures."""
    return SMALL[n - 2] if 2 <= n <= 9 else f"{n:,}"


class Writer:
    """Writes one article's text: sentences, quotes and sub-headings are dealt from per-article
    decks without replacement, and the per-sentence details (who, days, figures) from decks too,
    so that no sentence repeats and neighbours do not echo each other."""

    def __init__(self, rng: random.Random, st: Story) -> None:
        self.rng = rng
        self.story = st
        self._decks: dict[str, list[int]] = {}
        self._sentences: list[str] | None = None

    # --- per-sentence details ---------------------------------------------------------------
    def _deal(self, name: str, pool: Sequence[Any]) -> Any:
        """The next card of a deck over ``pool``: no card twice until all have been dealt.

        A deck is a random start and a random stride coprime to its size, which deals a
        permutation for two random draws instead of a full shuffle.
        """
        deck = self._decks.get(name)
        n = len(pool)
        if deck is None or deck[2] == n:
            step = self.rng.randrange(1, n) if n > 1 else 1
            while math.gcd(step, n) != 1:
                step -= 1
            deck = self._decks[name] = [self.rng.randrange(n), step, 0]
        card = pool[(deck[0] + deck[1] * deck[2]) % n]
        deck[2] += 1
        return card

    def draw(self, name: str, slots: Slots) -> str:
        """A fresh value of the per-sentence field ``name``."""
        rng = self.rng
        if name == "who":
            return self._deal("who", PEOPLE_WHO)
        if name == "official":
            return self._deal("official", OFFICIALS)
        if name == "ministry":
            return self._deal("ministry", MINISTRIES[self.story.group])
        if name == "adj":
            return self._deal("adj", ADJECTIVES)
        if name == "grim":
            return self._deal("grim", GRIM)
        if name == "day":
            return self._deal("day", WEEKDAYS)
        if name == "outlet":
            return self._deal("outlet", OUTLETS)
        if name == "month":
            return self._deal("month", MONTHS)
        if name == "small":
            return self._deal("small", SMALL)
        if name == "where":
            return _render(self._deal("where", WHERE), slots)
        if name == "quote":
            return _render(self._deal("quote", templates.QUOTES), slots)
        if name == "num":  # a number of people, before a plural noun
            u = rng.random()
            if u < 0.2:
                return rng.choice(("dozens of", "hundreds of", "thousands of", "scores of"))
            qualifier = rng.choice(("at least ", "more than ", "some ", "nearly ", "about ", ""))
            return qualifier + _spelled(rng.randint(12, 60) if u < 0.7 else rng.randint(61, 900))
        if name == "killed":
            u = rng.random()
            if u < 0.15:
                return rng.choice(("dozens", "scores"))
            qualifier = rng.choice(("at least ", "", "", "more than "))
            return qualifier + _spelled(rng.randint(2, 45))
        if name == "count":
            return _spelled(rng.randint(11, 95) if rng.random() < 0.7 else rng.randint(100, 950))
        if name == "pct":
            return f"{rng.randint(3, 48)} percent"
        if name == "money":
            if rng.random() < 0.5:
                return f"${rng.randint(12, 950)} million"
            return f"${rng.randint(11, 95) / 10:g} billion"
        if name == "year":
            return str(rng.randint(1979, 2021))
        if name == "span":
            unit = rng.choice(SPAN_UNITS)
            return rng.choice(("several ", *SMALL[:4])).rstrip() + " " + unit
        raise KeyError(name)

    def fill(self, template: str, headline: bool = False) -> str:
        st = self.story
        fields = st.headline_fields if headline else st.text_fields
        return _render(template, Slots(self, fields))

    # --- article text -----------------------------------------------------------------------
    def _sentence_deck(self) -> list[str]:
        """The article's sentences in reading order: facts tend to come before context."""
        st, rng = self.story, self.rng
        own = templates.SENTENCES_BY_GROUP[st.group]
        if st.opinion:
            pool = [(0.0, t) for t in templates.OPINION_SENTENCES] + [(0.4, t) for t in own]
            pool += [(0.6, t) for t in templates.GENERAL_CONTEXT]
        else:
            pool = [(0.0, t) for t in own] + [(0.2, t) for t in templates.GENERAL_FACTS]
            pool += [(1.0, t) for t in templates.GENERAL_CONTEXT]
        keyed = sorted((rank + 1.6 * rng.random(), t) for rank, t in pool)
        return [t for _, t in reversed(keyed)]  # popped from the end

    def paragraph(self, sentences: int | None = None) -> str:
        """The next 2 to 4 unused sentences, or fewer (or "") once the article has used them all."""
        if self._sentences is None:
            self._sentences = self._sentence_deck()
        n = sentences or self.rng.randint(2, 4)
        deck = self._sentences
        return " ".join(self.fill(deck.pop()) for _ in range(min(n, len(deck))))

    def subheading(self) -> str:
        group = "opinion" if self.story.opinion else self.story.group
        pool = templates.SUBHEADINGS + templates.SUBHEADINGS_BY_GROUP[group]
        return self.fill(self._deal("subheading", pool))

    def pull_quote(self) -> str:
        return '"' + self.fill("{quote}") + '."'


@cache
def _others(region: str | None, country: str) -> tuple[str, ...]:
    """Countries of ``region`` other than ``country`` (of the world when there are none)."""
    others = tuple(p[0] for p in PLACES[region] if p[0] != country)
    return others or _others(None, country)


def story(rng: random.Random, region: str | None, section: str) -> Story:
    """Pick the story of one article from its region and section."""
    places = PLACES[region]
    country, city, leader, title, org = rng.choice(places)
    # The other party: a neighbour, or (half the time) any country of the world.
    others = _others(region if rng.random() < 0.5 else None, country)
    topic, subject, verb, plural, group = rng.choice(BEATS.get(section, GENERAL_BEATS))
    other = rng.choice(others)
    opinion = section in OPINION_SECTIONS
    return Story(
        country, city, leader, title, org, other, topic, subject, verb, plural, group, opinion
    )


def writer(rng: random.Random, st: Story) -> Writer:
    """The writer of one article's body (its decks last as long as it does)."""
    return Writer(rng, st)


def _fill(rng: random.Random, st: Story, pool: Sequence[str], headline: bool = False) -> str:
    return Writer(rng, st).fill(rng.choice(pool), headline=headline)


def headline(rng: random.Random, st: Story) -> str:
    """A headline: the story's beat shapes it; Articles posts mostly get argued ones."""
    if st.opinion and rng.random() < 0.6:
        pool = templates.HEADLINES_OPINION
    elif rng.random() < 0.25:
        pool = templates.HEADLINES_BY_GROUP[st.group]
    else:
        pool = templates.HEADLINES_NEWS
    return _fill(rng, st, pool, headline=True)


def numbered_headline(rng: random.Random, st: Story) -> str:
    """A headline with a running day count: a wider space, for when plain ones are used up."""
    return templates.NUMBERED_HEADLINE.format(n=rng.randint(2, 999), headline=headline(rng, st))


def colliding_headlines(city: str) -> tuple[str, str]:
    """Two distinct headlines whose slugs are equal once cut at 60 characters."""
    prefix = templates.COLLIDING_PREFIX.format(city=city)
    return prefix + ", arrest three", prefix + " and demolish two homes"


def lede(rng: random.Random, st: Story) -> str:
    if st.opinion and rng.random() < 0.5:
        return _fill(rng, st, templates.OPINION_LEDES)
    return _fill(rng, st, templates.LEDES)


def tweet(rng: random.Random, st: Story) -> tuple[str, str]:
    """Tweet text and its status URL."""
    handle = rng.choice(TWEET_HANDLES)
    host = rng.choice(("x.com", "twitter.com"))
    status = rng.randrange(10**18, 10**19)
    return _fill(rng, st, templates.TWEETS), f"https://{host}/{handle}/status/{status}"


def caption(rng: random.Random, st: Story) -> str:
    return _fill(rng, st, templates.CAPTIONS)


def alt_text(rng: random.Random, st: Story) -> str:
    return _fill(rng, st, templates.ALTS)


def ticker_line(rng: random.Random, st: Story) -> str:
    return _fill(rng, st, templates.TICKER)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def authors(rng: random.Random, personal: bool) -> tuple[str, ...]:
    """A house byline for news, one or (sometimes) two persons for opinion-like posts."""
    if not personal:
        return (rng.choice(HOUSE_BYLINES),)
    first = person_name(rng)
    if rng.random() < 0.2:
        second = person_name(rng)
        if second != first:
            return (first, second)
    return (first,)


def byline(names: tuple[str, ...]) -> str:
    """The byline display string: "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def source(rng: random.Random) -> str:
    return rng.choice(SOURCES)


def tags(rng: random.Random, st: Story) -> tuple[str, ...]:
    """Named entities of the story: country, people, organisation, topic (2 to 5, no repeats)."""
    pool = [st.country, st.leader, st.org, st.topic, st.other, st.city]
    n = rng.randint(2, 5)
    picked = [pool[0], *rng.sample(pool[1:], n - 1)]
    rng.shuffle(picked)
    return tuple(dict.fromkeys(picked))
