"""Deterministic English news prose for the replica: headlines, ledes, paragraphs, quotes, names.

Everything is drawn from a caller's ``random.Random``, so the same seed gives the same text. Text
is composed from templates over a vocabulary fitting the outlet's beats (its regions and sections):
a ``Story`` fixes who, where and what, and every sentence of one article talks about that story,
so a page reads like one news report rather than a word salad. Tag names never contain a comma
(the metadata joins tags with commas).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

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
    ),
    "US & Canada": (
        ("United States", "Washington", "Joe Biden", "President", "Pentagon"),
        ("United States", "Washington", "Donald Trump", "US President", "White House"),
        ("Canada", "Ottawa", "Justin Trudeau", "Prime Minister", "House of Commons"),
        ("United States", "New York", "Antony Blinken", "Secretary of State", "State Department"),
        ("United States", "Los Angeles", "Gavin Newsom", "California Governor", "ICE"),
    ),
}
PLACES[None] = tuple(p for places in list(PLACES.values()) for p in places)

# Per section display name: (topic tag, subject noun phrase, what happened).
BEATS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Politics": (
        ("Sanctions", "new sanctions", "imposed"),
        ("Ceasefire", "a ceasefire proposal", "rejected"),
        ("Elections", "early elections", "called"),
        ("Diplomacy", "talks with regional envoys", "held"),
        ("Occupation", "the latest wave of raids", "condemned"),
        ("Resistance", "a new round of operations", "announced"),
        ("Security", "a state of emergency", "declared"),
    ),
    "Economy": (
        ("Oil prices", "a cap on fuel prices", "announced"),
        ("Inflation", "an emergency relief package", "approved"),
        ("Trade", "new tariffs on imports", "introduced"),
        ("Debt crisis", "a restructuring deal", "signed"),
        ("Energy", "a gas export agreement", "finalized"),
    ),
    "Sports": (
        ("Football", "the national team's squad", "named"),
        ("Olympics", "a boycott of the games", "debated"),
        ("FIFA", "a ban on the federation", "demanded"),
    ),
    "Arts&Culture": (
        ("Heritage", "a plan to restore historic sites", "unveiled"),
        ("Cinema", "a film festival program", "launched"),
        ("Literature", "a prize for Palestinian writers", "awarded"),
    ),
    "Health": (
        ("Healthcare", "an appeal for medical supplies", "issued"),
        ("WHO", "a warning over disease outbreaks", "issued"),
        ("Famine", "an alarm over malnutrition", "raised"),
    ),
    "Miscellaneous": (
        ("Migration", "a new border policy", "adopted"),
        ("Human rights", "a report on detention conditions", "published"),
        ("Media freedom", "a ban on foreign journalists", "imposed"),
    ),
    "Technology": (
        ("Artificial intelligence", "rules for military AI", "proposed"),
        ("Cybersecurity", "a major cyberattack", "reported"),
        ("Semiconductors", "export controls on chips", "tightened"),
    ),
    "Environment": (
        ("Climate change", "a pledge to cut emissions", "made"),
        ("Water crisis", "water rationing", "ordered"),
        ("Wildfires", "evacuation orders", "issued"),
    ),
}
GENERAL_BEATS = tuple(b for beats in BEATS.values() for b in beats)

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
NUMBERS = (
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "dozens of",
    "hundreds of",
    "at least 12",
    "more than 40",
    "some 70",
    "nearly 300",
)
SUBHEADINGS = (
    "Background",
    "What happened",
    "Reactions",
    "International response",
    "What comes next",
    "A long history",
    "Behind the decision",
    "Local reactions",
    "Economic fallout",
    "On the ground",
    "Regional implications",
    "'No return to the past'",
    "A warning to Washington",
    "Voices from the street",
    "The numbers",
    "Diplomatic efforts",
)
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
)
ADJECTIVES = ("unprecedented", "deliberate", "dangerous", "long-awaited", "sweeping", "fragile")
KILLED = ("two", "three", "five", "dozens", "at least 12", "more than 40", "nine")
TWEET_HANDLES = ("almayadeen_eng", "ReutersWorld", "UN_News_Centre", "AFP", "PressTV", "IRNA_en")

# --- Templates --------------------------------------------------------------------------------
# Fields: {country} {city} {leader} {title} {org} {topic} {subject} {verb} {day} {num} {who}
# {adj} {outlet} {killed} {other} (another country of the same region)
HEADLINES = (
    "{country}: {leader} says {subject} will be {verb} despite pressure",
    "{leader} warns {other} against escalation as {country} tensions rise",
    "{org} slams {other} over {subject} in {city}",
    "{country} {verb} {subject} amid {adj} crisis",
    "{Killed} killed in {city} as {country} braces for more violence",
    "{title} {leader}: '{Subject} is a red line for {country}'",
    "Thousands rally in {city} against {subject}",
    "{country}, {other} agree on {subject} after {adj} talks",
    "{org} rejects {subject}, vows response",
    "How {subject} is reshaping {country}'s politics",
    "{outlet}: {country} {verb} {subject} in secret deal",
    "{leader} meets {other} envoy in {city} to discuss {topic_lower}",
    "{city} on edge after {country} {verb} {subject}",
    "{Who} in {city} denounce {subject}",
    "Report: {other} pressed {country} over {subject}",
    "{org} warns of {adj} consequences as {country} {verb} {subject}",
    "Inside {country}'s decision on {subject}",
    "{other} condemns {country} as {subject} {verb}",
    "{title} {leader} visits {city} amid {topic_lower} row",
    "{Killed} injured as protests over {subject} sweep {city}",
    "{country} parliament debates {subject} on {day}",
    "{topic}: {country} and {other} trade accusations",
)
LEDES = (
    "{title} {leader} said on {day} that {subject} would be {verb}, in a move that {who} in "
    "{city} described as {adj}.",
    "{country} has {verb} {subject}, {outlet} reported on {day}, as tensions with {other} continue "
    "to mount.",
    "As the crisis in {country} deepens, {org} {verb} {subject}, drawing sharp criticism from "
    "{other}.",
    "{Num} people were killed in {city} on {day}, according to {who}, as {country} {verb} "
    "{subject}.",
)
SENTENCES = (
    '{title} {leader} said the decision was taken "to protect the interests of the people of '
    '{country}."',
    "According to {who}, the situation in {city} remained tense on {day}.",
    "The move comes weeks after {other} {verb} {subject} of its own.",
    "{outlet} quoted {who} as saying that {num} people had been detained.",
    "Critics argue that {subject} will only deepen the {adj} crisis facing {country}.",
    '{org} said in a statement that it would "not stand idly by" in the face of what it called '
    "an {adj} escalation.",
    "{Who} told Al Mayadeen's correspondent in {city} that the streets were largely empty.",
    "The announcement was met with anger in {city}, where {num} {who} gathered outside government "
    "buildings.",
    "Officials in {other} have so far declined to comment on the reports.",
    "Observers note that {topic_lower} has become a central issue ahead of the coming months.",
    "The United Nations called on all parties to exercise restraint and return to dialogue.",
    "{leader} had previously vowed that {country} would never accept {subject}.",
    "The talks, held behind closed doors in {city}, lasted more than six hours.",
    "In a televised address, {leader} accused {other} of seeking to destabilize the region.",
    "Local media reported that {num} vehicles were damaged during the clashes.",
    "{Who} said the measures were long overdue, while others warned of their cost.",
    "Washington has yet to respond publicly to the developments in {country}.",
    "{org} has repeatedly warned that such steps could trigger a wider confrontation.",
)
QUOTES = (
    "We will not allow {other} to dictate the future of {country}.",
    "What is happening in {city} is {adj}, and the world is watching in silence.",
    "{Subject} is not a solution; it is the problem itself.",
    "Our people have paid a heavy price, and they will not accept half measures.",
    "The decision belongs to the people of {country} alone.",
)
TWEETS = (
    "BREAKING: {leader} announces {subject} in {city}. More to follow.",
    "Scenes from {city} today as {who} respond to {subject}.",
    "{org}: we hold {other} fully responsible for the consequences.",
    "Thread: what {subject} means for {country} and the region. 1/",
)
CAPTIONS = (
    "{Who} gather in {city}, {country}",
    "{title} {leader} speaks during a press conference in {city}",
    "A view of {city} on {day}",
    "Supporters of {org} in {city}, {country}",
    "{title} {leader} (file photo)",
)
ALTS = (
    "{Who} in {city} (AP)",
    "{leader} in {city}, {country} (Reuters)",
    "A street in {city} (AFP)",
    "{title} {leader} (Al Mayadeen)",
)
TICKER = (
    "Al Mayadeen's correspondent: {subject} {verb} in {city}",
    "{title} {leader}: {country} will respond to any aggression",
    "{outlet}: {killed} killed in {city}",
    "{org}: {subject} is a violation of international law",
)
COLLIDING_PREFIX = (
    "Al Mayadeen's correspondent: Israeli occupation forces storm the town of {city} at dawn"
)


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
    verb: str

    def fields(self, rng: random.Random) -> dict[str, str]:
        """Template fields, with the per-sentence variable ones drawn fresh."""
        who = rng.choice(PEOPLE_WHO)
        num = rng.choice(NUMBERS)
        killed = rng.choice(KILLED)
        return {
            "country": self.country,
            "city": self.city,
            "leader": self.leader,
            "title": self.title[0].upper() + self.title[1:],
            "org": self.org,
            "other": self.other,
            "topic": self.topic,
            "topic_lower": self.topic.lower() if not self.topic.isupper() else self.topic,
            "subject": self.subject,
            "Subject": self.subject[0].upper() + self.subject[1:],
            "verb": self.verb,
            "day": rng.choice(WEEKDAYS),
            "num": num,
            "Num": num[0].upper() + num[1:],
            "killed": killed,
            "Killed": killed[0].upper() + killed[1:],
            "who": who,
            "Who": who[0].upper() + who[1:],
            "adj": rng.choice(ADJECTIVES),
            "outlet": rng.choice(OUTLETS),
        }


def story(rng: random.Random, region: str | None, section: str) -> Story:
    """Pick the story of one article from its region and section."""
    places = PLACES[region]
    country, city, leader, title, org = rng.choice(places)
    others = [p[0] for p in places if p[0] != country] or [p[0] for p in PLACES[None]]
    topic, subject, verb = rng.choice(BEATS.get(section, GENERAL_BEATS))
    return Story(country, city, leader, title, org, rng.choice(others), topic, subject, verb)


def _fill(rng: random.Random, st: Story, templates: tuple[str, ...]) -> str:
    return rng.choice(templates).format(**st.fields(rng))


def headline(rng: random.Random, st: Story) -> str:
    text = _fill(rng, st, HEADLINES)
    return text[0].upper() + text[1:]


def numbered_headline(rng: random.Random, st: Story) -> str:
    """A headline with a running day count: a wider space, for when plain ones are used up."""
    return f"Day {rng.randint(2, 999)}: {headline(rng, st)}"


def colliding_headlines(city: str) -> tuple[str, str]:
    """Two distinct headlines whose slugs are equal once cut at 60 characters."""
    prefix = COLLIDING_PREFIX.format(city=city)
    return prefix + ", arrest three", prefix + " and demolish two homes"


def lede(rng: random.Random, st: Story) -> str:
    return _fill(rng, st, LEDES)


def paragraph(rng: random.Random, st: Story, sentences: int | None = None) -> str:
    n = sentences or rng.randint(2, 4)
    picked = rng.sample(SENTENCES, n)
    fields = st.fields(rng)
    return " ".join(s.format(**fields) for s in picked)


def subheading(rng: random.Random) -> str:
    return rng.choice(SUBHEADINGS)


def pull_quote(rng: random.Random, st: Story) -> str:
    return '"' + _fill(rng, st, QUOTES) + '"'


def tweet(rng: random.Random, st: Story) -> tuple[str, str]:
    """Tweet text and its status URL."""
    handle = rng.choice(TWEET_HANDLES)
    host = rng.choice(("x.com", "twitter.com"))
    status = rng.randrange(10**18, 10**19)
    return _fill(rng, st, TWEETS), f"https://{host}/{handle}/status/{status}"


def caption(rng: random.Random, st: Story) -> str:
    return _fill(rng, st, CAPTIONS)


def alt_text(rng: random.Random, st: Story) -> str:
    return _fill(rng, st, ALTS)


def ticker_line(rng: random.Random, st: Story) -> str:
    return _fill(rng, st, TICKER)


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
