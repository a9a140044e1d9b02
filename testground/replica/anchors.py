"""The hand-written anchor articles: the seed article and the articles its page links to.

The seed page (``shared/seed/article-kazakhstan.txt``) links to two Related News articles, four Most
Read and four Read Next items; they are written here with the seed's exact headlines, image alt
texts (typos included), labels and dates, so the replica's seed page reproduces the seed text.
Anchors have negative indices in publication order (the catalog merges them into its listings by
date) and fixed 7-digit post ids in the 15xxxxx-18xxxxx range.

URLs inside anchors (``related``, read-more links) are site paths: the renderer resolves them
against its base URL; ``resolved(base_url)`` gives the anchors with absolute URLs.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime
from html import escape
from urllib.parse import urljoin

from mayadeen import site
from testground.replica.model import Article, Block, Image, PageVariant
from testground.replica.render_furniture import Furniture

HOUSE_BYLINE = "Al Mayadeen Net"
ENGLISH_BYLINE = "Al Mayadeen English"
# Media host of image URLs (never fetched, so the real host is kept).
MEDIA_BASE = "https://english.almayadeen.net/media/image"


def _beirut(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=site.SITE_TIMEZONE)


def image_url(published: datetime, key: str) -> str:
    """A media URL shaped like the site's; the uuid is derived from `key` (deterministic)."""
    name = uuid.uuid5(uuid.NAMESPACE_URL, f"mayadeen-replica:{key}")
    day = published.astimezone(site.SITE_TIMEZONE)
    return f"{MEDIA_BASE}/{day.year}/{day.month}/{day.day}/{name}.jpg?v=1&width=1000"


def _paragraphs(*texts: str) -> tuple[Block, ...]:
    return tuple(Block("p", text) for text in texts)


def _path(top: str, sub: str | None, title: str) -> str:
    return "/" + "/".join([top, *([sub] if sub else []), site.slugify(title)])


def _news(
    *,
    index: int,
    post_id: str,
    title: str,
    published: datetime,
    region: str | None,
    summary: str,
    blocks: tuple[Block, ...],
    image_alt: str,
    image_caption: str | None,
    tags: tuple[str, ...],
    shares: int,
    read_time: int,
    source: str | None = ENGLISH_BYLINE,
    category_in_metadata: bool = True,
) -> Article:
    """A /news/politics anchor with the house byline (what every anchor but the seed is)."""
    return Article(
        index=index,
        post_id=post_id,
        posttype="News",
        top="news",
        sub="politics",
        section="Politics",
        region=region,
        coverage=None,
        title=title,
        slug=site.slugify(title),
        authors=(ENGLISH_BYLINE,),
        source=source,
        published=published,
        updated=published,
        summary=summary,
        blocks=blocks,
        image=Image(image_url(published, post_id), image_caption, image_alt),
        tags=tags,
        related=(),
        shares=shares,
        read_time=read_time,
        video_url=None,
        variant=PageVariant(metadata_category=category_in_metadata),
    )


# --- The two Related News targets of the seed page -------------------------------------------

ARMENIA_FINANCING = _news(
    index=-10,
    post_id="1791053",
    title="Armenia stops financing CSTO amid growing rift",
    published=_beirut(2024, 5, 22, 13, 40),
    region="Asia",
    summary=(
        "Yerevan halts its contributions to the Russia-led security bloc's budget, deepening a "
        "dispute that began when Armenia froze its participation in the alliance."
    ),
    blocks=_paragraphs(
        "Armenia has stopped paying its share of the Collective Security Treaty Organization's "
        "budget, Armenian officials confirmed on Wednesday, in the latest sign of a widening rift "
        "between Yerevan and the Moscow-led alliance.",
        "Prime Minister Nikol Pashinyan's government froze Armenia's participation in the bloc "
        "earlier this year, accusing it of failing to meet its obligations during the border "
        "escalations with Azerbaijan.",
        "A spokesperson for the Armenian Foreign Ministry said the country would not take part in "
        "the organization's activities or finance them while the freeze remains in place.",
        "The Kremlin said it regretted the decision and that Moscow remained open to dialogue with "
        "its Armenian partners on the future of security cooperation in the South Caucasus.",
    ),
    image_alt="Armenian Prime Minister Nikol Pashinyan speaks during a cabinet meeting in Yerevan",
    image_caption="Armenian Prime Minister Nikol Pashinyan during a cabinet meeting in Yerevan",
    tags=("CSTO", "Armenia", "Nikol Pashinyan"),
    shares=5,
    read_time=2,
)

PASHINYAN_EXIT = _news(
    index=-9,
    post_id="1808412",
    title="Tilting toward West, Pashinyan announces intention to exit CSTO",
    published=_beirut(2024, 6, 12, 17, 25),
    region="Asia",
    summary=(
        "Armenian Prime Minister Nikol Pashinyan tells lawmakers that Armenia will leave the "
        "Collective Security Treaty Organization, without setting a date."
    ),
    blocks=(
        *_paragraphs(
            "Armenian Prime Minister Nikol Pashinyan announced on Wednesday that his country "
            "intends to withdraw from the Collective Security Treaty Organization, the clearest "
            "break yet with the Russia-led military alliance.",
            "Speaking in parliament, Pashinyan said Armenia would decide on the timing of the exit "
            "itself, adding that the bloc had become a threat to the country's security rather "
            "than a guarantee of it.",
        ),
        Block("h3", "Closer ties with Western capitals"),
        *_paragraphs(
            "The announcement follows months of rapprochement between Yerevan and Western "
            "governments, including joint military exercises with the United States and talks on "
            "closer cooperation with the European Union.",
            "Russian officials have warned that the move would damage regional stability, while "
            "the opposition in Yerevan accused the government of leaving the country without "
            "reliable allies.",
        ),
    ),
    image_alt="Armenian Prime Minister Nikol Pashinyan addresses parliament in Yerevan",
    image_caption="Nikol Pashinyan addresses the Armenian parliament in Yerevan",
    tags=("CSTO", "Armenia", "Nikol Pashinyan", "Russia"),
    shares=12,
    read_time=3,
)


# --- The seed article ---------------------------------------------------------------------------

SEED_TITLE = "Kazakhstan: 'Critical red' level of terrorist threat, order restored"
SEED_PUBLISHED = _beirut(2022, 1, 7, 8, 54)
_SEED_RELATED = (PASHINYAN_EXIT, ARMENIA_FINANCING)  # box order on the seed page
_SEED_BODY: tuple[tuple[str, str], ...] = (
    ("p", 'Kazakhstan on Friday imposed a countrywide "critical red" level of terrorist threat, '
     "local news outlets reported, meaning the government sees that the terrorism threat is "
     "severe in the country."),
    ("p", "The severity of the threat means the government is fully mobilizing all its forces and "
     "special forces, who, in turn, will be able to search civilians and vehicles at will, in "
     "addition to restricting and directing their movement and accessing information "
     "transmitted via various telecommunication channels."),
    ("h3", "Terrorist acts"),
    ("p", "The governmental action comes in light of terrorist attacks and operations in "
     "Kazakhstan, which have killed 13 law enforcement officers and wounded 353 others."),
    ("p", "The bodies of two slain police officers were discovered beheaded, indicating the "
     "terrorist intention behind the militant armed groups in Almaty."),
    ("p", "Rioters stormed several governmental buildings in the west of the country, including "
     "the Almaty mayor's office, destroyed and vandalized storefronts, and set fire to vehicles "
     "throughout the city."),
    ("p", "The countrywide turmoil also saw armed groups blocking entry and exit to medical staff "
     "and patients to at least two hospitals in Almaty, Kazakhstan's largest city."),
    ("h3", "'Order mostly restored'"),
    ("p", "After days of unprecedented violence and unrest, President Tokayev said Friday that "
     "order had mostly been restored in the country."),
    ("p", '"Law enforcement forces are working hard. The constitutional order has been mainly '
     'restored in all regions," the president clarified.'),
    ("related", "\n".join(a.title for a in _SEED_RELATED)),
    ("p", 'He also explained that security operations would continue "until the total '
     'destruction of the militants."'),
    ("p", 'In conjunction, the Kazakhstani ministry of interior said 26 "armed criminals" had '
     "been killed and 18 others had been wounded."),
    ("p", "In a statement, the ministry asserted that all of Kazakhstan's regions had been "
     '"freed and taken under increased protection," explaining that some 70 checkpoints had '
     "been set up around the country."),
    ("h3", "Riot-turned-demonstrations"),
    ("p", "The riots started in the country on Tuesday night when several thousand "
     "demonstrators took to the street to protest against the surging gas prices in "
     "Kazakhstan."),
    ("p", "Following the thousand-strong demonstrations, Kazakhstani President Kassym-Jomart "
     "Tokayev declared a state of emergency in the west of the country and Almaty."),
    ("p", "President Tokayev dismissed the government the morning of the demonstrations in a bid "
     "to simmer down the situation. However, confrontations between law enforcement and "
     "demonstrators resumed in Almaty on Wednesday, Al Mayadeen's Bureau Chief in Moscow "
     "reported."),
    ("h3", "Peace-making attempts from the authorities"),
    ("p", "Tokayev had previously called for peace in a Facebook video he made in response to the "
     'demonstrations. "The government will not be felled, but we don\'t need conflict," he '
     "said."),
    ("p", "Before its dismissal, the government made an initiative to lower LPG (liquid petroleum "
     "gas) prices, but that failed in calming protests."),
    ("p", "Just two days after the demonstrations started, the government set a six-month fuel "
     'price cap. "The government took urgent measures to stabilize the socio-economic '
     "situation,\" Kazakhstan's government said in a statement."),
    ("p", "It announced a 180-day freeze on price increases for LPG, gasoline, diesel fuel, and "
     "utilities in several cities and provinces."),
    ("p", "The government also temporarily restricted the export of foods including beef, lamb, "
     'potatoes, and carrots "to stabilize prices for socially significant food products."'),
    ("h3", "'Foreign-trained terrorists'"),
    ("p", "As the intensity and violence of demonstrations escalated, President Tokayev appealed "
     "to the Collective Security Treaty Organization (CSTO) for help in quelling protests across "
     'the country that he said were led by "terrorist gangs".'),
    ("p", '"Today I appealed to the heads of CSTO (Collective Security Treaty Organization) states '
     'to assist Kazakhstan in overcoming this terrorist threat," Tokayev said on state television '
     "early Thursday."),
    ("p", "According to the president, accused the attacked of receiving training abroad and "
     "being foreign agents."),
)  # fmt: skip
# The real page's markup carries two non-breaking spaces the visible text keeps.
_SEED_NBSP = {
    "in Almaty on Wednesday": "in Almaty&nbsp;on Wednesday",
    "early Thursday.": "early Thursday.&nbsp;",
}


def _seed_block(kind: str, text: str) -> Block:
    raw = escape(text, quote=False)
    for plain, marked in _SEED_NBSP.items():
        if plain in text:
            return Block(kind, text, html=raw.replace(plain, marked))
    return Block(kind, text)


SEED = Article(
    index=-11,
    post_id="1548720",
    posttype="News",
    top="news",
    sub="politics",
    section="Politics",
    region="Asia",
    coverage=None,
    title=SEED_TITLE,
    slug=site.slugify(SEED_TITLE),
    authors=(HOUSE_BYLINE,),
    source="Agencies + Al Mayadeen Net",
    published=SEED_PUBLISHED,
    updated=SEED_PUBLISHED,
    summary=(
        "As violence escalates in Kazahstan, and after state apparatuses found beheaded police "
        "officers in the country in light of riots, Kazakhstan ups its level of terrorist threat."
    ),
    blocks=tuple(_seed_block(kind, text) for kind, text in _SEED_BODY),
    image=Image(
        image_url(SEED_PUBLISHED, "1548720"),
        "Riot police in Kazakhstan",
        "Riot police in Kazakhstan",
    ),
    tags=("CSTO", "Kassym-Jomart Tokayev", "Almaty", "Oil prices", "Kazakhstan"),
    related=tuple(a.path for a in _SEED_RELATED),
    shares=3,
    read_time=4,
    video_url=None,
)
SEED_INDEX = SEED.index


# --- Most Read (seed page order) ---------------------------------------------------------------

IRAN_DOCUMENTS = _news(
    index=-8,
    post_id="1873305",
    title="Iran acquired thousands of sensitive Israeli documents: Exclusive",
    published=_beirut(2025, 6, 7, 14, 20),
    region="MENA",
    summary=(
        "Iranian intelligence obtained a large trove of sensitive Israeli documents in an "
        "operation that an informed source describes as one of its most significant."
    ),
    blocks=_paragraphs(
        "Iranian intelligence services have obtained thousands of sensitive Israeli documents, "
        "an informed source told Al Mayadeen on Saturday, describing the operation as one of the "
        "most significant in recent years.",
        "According to the source, the material covers projects and facilities linked to the "
        "Israeli occupation's nuclear program as well as its relations with Western partners.",
        "The source said the documents had been transferred to Iran some time ago and that the "
        "scale of the haul required the operation to remain secret until now.",
        "Israeli officials have not commented on the report.",
    ),
    image_alt="The logo of the Iranian Ministry of Intelligence (wikidata)",
    image_caption="The logo of the Iranian Ministry of Intelligence",
    tags=("Iran", "Israel", "Iranian intelligence"),
    shares=41,
    read_time=2,
)

IRAN_INTEL_BREACH = _news(
    index=-7,
    post_id="1873471",
    title="Iran hits 'Israel' hard without arms; intel breach lays Tel Aviv bare",
    published=_beirut(2025, 6, 7, 21, 5),
    region="MENA",
    summary=(
        "Israeli media describe the Iranian intelligence operation as a severe blow that exposes "
        "the vulnerability of the occupation's security establishment."
    ),
    blocks=(
        *_paragraphs(
            "Israeli commentators on Saturday described Tehran's announcement that it had "
            "obtained a trove of Israeli documents as a heavy blow delivered without firing a "
            "single shot.",
            "Several analysts said the breach raised questions about the security of sensitive "
            "facilities and about how long the material had been in Iranian hands.",
        ),
        Block(
            "blockquote",
            "This is a strategic intelligence failure, not a technical glitch.",
        ),
        *_paragraphs(
            "Iranian officials said the documents would be made public in due course, adding that "
            "they shed light on cooperation between the occupation and international bodies.",
        ),
    ),
    image_alt=(
        "Iranian demonstrators walk on a caricature of the Israeli Prime Minister Benjamin "
        "Netanyahu during the annual Quds Day rally in support of Palestinians, in Tehran, Iran, "
        "Friday, March 28, 2025 (AP)"
    ),
    image_caption="Demonstrators at the annual Quds Day rally in Tehran, March 28, 2025 (AP)",
    tags=("Iran", "Israel", "Iranian intelligence"),
    shares=27,
    read_time=3,
)

IRAN_MINISTER_HAUL = _news(
    index=-6,
    post_id="1873702",
    title="Iranian security minister reveals major intelligence haul on 'Israel'",
    published=_beirut(2025, 6, 8, 19, 40),
    region="MENA",
    summary=(
        "Intelligence Minister Esmaeil Khatib says the documents obtained by Iran concern Israeli "
        "nuclear and military facilities."
    ),
    blocks=_paragraphs(
        "Iran's Intelligence Minister Esmaeil Khatib said on Sunday that the documents obtained by "
        "his ministry include material on Israeli nuclear and military facilities.",
        "Speaking on state television, Khatib said the operation had been carried out over a long "
        "period and that the material was now being analyzed by specialists.",
        "He added that part of the documents would be released publicly and that they would "
        "strengthen Iran's position in its dealings with international institutions.",
    ),
    image_alt="Iranian Intelligence Minister Esmaeil Khatib in an undated photo (Nournews)",
    image_caption="Iranian Intelligence Minister Esmaeil Khatib",
    tags=("Iran", "Esmaeil Khatib", "Iranian intelligence"),
    shares=19,
    read_time=2,
)

IAEA_LEAK = _news(
    index=-5,
    post_id="1874116",
    title="IAEA leaked to 'Israel' confidential communications with Iran: Fars",
    published=_beirut(2025, 6, 10, 11, 15),
    region="MENA",
    summary=(
        "Fars News Agency reports that documents obtained by Iranian intelligence show the "
        "agency's confidential exchanges with Tehran were shared with Israeli officials."
    ),
    blocks=_paragraphs(
        "Iran's Fars News Agency reported on Tuesday that documents obtained by Iranian "
        "intelligence show that confidential communications between the International Atomic "
        "Energy Agency and Iran were passed on to Israeli officials.",
        "The agency said the documents include correspondence on inspection schedules and "
        "technical discussions that Tehran had shared with the IAEA under its safeguards "
        "obligations.",
        "Iranian lawmakers called on the government to review its cooperation with the agency "
        "in light of the report.",
    ),
    image_alt="IAEA leaked to 'Israel' confidential communications with Iran: Fars",
    image_caption="The IAEA headquarters in Vienna, Austria",
    tags=("IAEA", "Iran", "Israel", "Rafael Grossi"),
    shares=15,
    read_time=2,
    source="Fars",
    category_in_metadata=False,
)


# --- Read Next (seed page order) ---------------------------------------------------------------

LA_ICE_RAIDS = _news(
    index=-4,
    post_id="1874398",
    title="ICE raids in LA trap families in harsh conditions: Lawyers",
    published=_beirut(2025, 6, 11, 9, 30),
    region="US & Canada",
    summary=(
        "Immigration lawyers say people detained in raids across Los Angeles are held in "
        "overcrowded rooms with little access to counsel."
    ),
    blocks=_paragraphs(
        "Lawyers representing people detained in immigration raids across Los Angeles said on "
        "Tuesday that their clients were being held in overcrowded rooms without beds and with "
        "limited access to food and water.",
        "Attorneys said they had been unable to reach many detainees for days, and that some "
        "families did not know where their relatives had been taken.",
        "The raids set off protests across the city, prompting the deployment of National Guard "
        "troops over the objections of California officials.",
        "The Department of Homeland Security said detainees were being treated in line with "
        "federal standards.",
    ),
    image_alt=(
        "U.S. National Guard are deployed around downtown Los Angeles, Sunday, June 8, 2025, "
        "following a immigration raid protest the night before. (AP Photo/Eric Thayer)"
    ),
    image_caption="National Guard troops in downtown Los Angeles, June 8, 2025 (AP)",
    tags=("ICE", "Los Angeles", "United States", "immigration"),
    shares=8,
    read_time=3,
    source="Agencies",
    category_in_metadata=False,
)

PETRO_DECREE = _news(
    index=-3,
    post_id="1874520",
    title="Petro slams US-linked coup plot, signs decree for popular consultation",
    published=_beirut(2025, 6, 11, 18, 45),
    region="Latin America",
    summary=(
        "Colombian President Gustavo Petro signs a decree calling a popular consultation on labor "
        "reform and denounces what he calls a coup plot with foreign backing."
    ),
    blocks=_paragraphs(
        "Colombian President Gustavo Petro signed a decree on Wednesday calling a popular "
        "consultation on his labor reform, after the Senate rejected his request to put the "
        "question to voters.",
        "Addressing supporters in Cali, Petro accused opposition figures of plotting against his "
        "government with the backing of actors in the United States.",
        "Opposition lawmakers said the decree bypassed Congress and announced they would "
        "challenge it before the courts.",
    ),
    image_alt=(
        "Colombia's President Gustavo Petro speaks at a rally to garner support for a referendum "
        "on labor reform, in Cali, Colombia, on June 11, 2025. (AP Photo/Santiago Saldarriaga)"
    ),
    image_caption="Gustavo Petro at a rally in Cali, June 11, 2025 (AP)",
    tags=("Colombia", "Gustavo Petro", "United States"),
    shares=6,
    read_time=2,
    source="Agencies",
)

TRUMP_POLL = _news(
    index=-2,
    post_id="1874563",
    title="World sees Trump as ‘arrogant’, ‘dangerous’ as ratings sink: Poll",
    published=_beirut(2025, 6, 11, 20, 10),
    region="US & Canada",
    summary=(
        "A survey across two dozen countries finds views of the US president and of the United "
        "States have fallen sharply since the start of his second term."
    ),
    blocks=_paragraphs(
        "Large majorities in most countries surveyed describe US President Donald Trump as "
        "arrogant and dangerous, according to a poll published on Wednesday.",
        "Confidence in the US president to do the right thing in world affairs fell in nearly "
        "every country compared with the final year of his predecessor's term.",
        "The survey found that favorable views of the United States itself also declined, "
        "particularly among traditional allies in Europe and in neighboring Mexico and Canada.",
    ),
    image_alt=(
        "President Donald Trump speaks as he signs executive orders in the Oval Office of the "
        "White House on April 17, 2025. (AP)"
    ),
    image_caption="Donald Trump in the Oval Office, April 17, 2025 (AP)",
    tags=("Donald Trump", "United States", "poll"),
    shares=11,
    read_time=2,
    source="Agencies",
    category_in_metadata=False,
)

AUKUS_REVIEW = _news(
    index=-1,
    post_id="1874690",
    title="Future of $240bln AUKUS deal in doubt as Pentagon launches review",
    published=_beirut(2025, 6, 12, 8, 20),
    region="Asia-Pacific",
    summary=(
        "The Pentagon is reviewing the AUKUS submarine pact with Australia and Britain to check "
        "that it aligns with the administration's priorities."
    ),
    blocks=_paragraphs(
        "The Pentagon has launched a review of the AUKUS security pact under which Australia is "
        "to acquire nuclear-powered submarines, a US defense official said.",
        "The review is meant to ensure the agreement is consistent with the administration's "
        "America First agenda, the official said, without giving a timeline.",
        "Australian officials said they were confident the partnership would continue, pointing "
        "to the billions of dollars Canberra has already committed to the US submarine "
        "industrial base.",
    ),
    image_alt=(
        "he Department of Defense logo is seen on the wall in the Press Briefing room at the "
        "Pentagon on, Oct. 29, 2024 in Washington. (AP Photo/Kevin Wolf, File)"
    ),
    image_caption="The Department of Defense logo at the Pentagon (AP)",
    tags=("AUKUS", "Pentagon", "Australia"),
    shares=9,
    read_time=2,
    source="Agencies",
)

ANCHORS: tuple[Article, ...] = (
    SEED,
    ARMENIA_FINANCING,
    PASHINYAN_EXIT,
    IRAN_DOCUMENTS,
    IRAN_INTEL_BREACH,
    IRAN_MINISTER_HAUL,
    IAEA_LEAK,
    LA_ICE_RAIDS,
    PETRO_DECREE,
    TRUMP_POLL,
    AUKUS_REVIEW,
)
MOST_READ: tuple[int, ...] = (-8, -7, -6, -5)
READ_NEXT: tuple[int, ...] = (-4, -3, -2, -1)

# The seed page's BREAKING ticker, top first.
SEED_TICKER: tuple[str, ...] = (
    "Al Mayadeen's correspondent: Israeli drone targets motorcycle in Nabatieh al-Fawqa, South "
    "Lebanon.",
    "US President Donald Trump: I don't want to say Israeli strike is imminent",
    "US President Donald Trump: Israeli strike [on Iran] could very well happen",
    "US Ambassador to Tel Aviv Mike Huckabee: Israeli attack on Iran without US greenlight is "
    "unrealistic scenario.",
    "Iranian media: Documents indicate that Merav Zafary-Odiz was tasked with stoking confusion "
    "about Iran's peaceful nuclear program",
    "Iranian media: The documents indicate that Merav Odiz was tasked with diverting world opinion "
    'away from "Israel\'s" non-peaceful nuclear program',
    "Iranian media: Documents reveal direct coordination between the Zionist entity's "
    "representative, Merav Zafary-Odiz, and Grossi",
    'Iranian media: One document reveals that Merav Zafary-Odiz, "Israel\'s" representative at '
    "the agency, requested an immediate meeting with Grossi on May 10, 2016",
    "Iranian media: One document reveals coordination between the [Israeli] entity and Grossi to "
    "incite tensions against Iran just five months after the nuclear agreement was concluded",
    "Iranian media: Documents confirm that Grossi began his cooperation with the entity in 2016 "
    "and coordinated reports against Iran's peaceful nuclear activities",
)

# The Coverage box: (text, path). [?] coverage hub paths (site.COVERAGE_PATH).
COVERAGE_LINKS: tuple[tuple[str, str], ...] = (
    ("All", site.COVERAGE_PATH.format(coverage="").rstrip("/")),
    ("War on Gaza", site.COVERAGE_PATH.format(coverage=site.slugify("War on Gaza"))),
)


def by_index(index: int) -> Article:
    """The anchor with that (negative) index."""
    for article in ANCHORS:
        if article.index == index:
            return article
    raise KeyError(index)


def resolved(base_url: str) -> tuple[Article, ...]:
    """The anchors with their related and read-more URLs made absolute against `base_url`."""
    base = base_url.rstrip("/") + "/"

    def absolute(article: Article) -> Article:
        blocks = tuple(
            dataclasses.replace(b, url=urljoin(base, b.url)) if b.url else b for b in article.blocks
        )
        related = tuple(urljoin(base, u) for u in article.related)
        return dataclasses.replace(article, blocks=blocks, related=related)

    return tuple(absolute(a) for a in ANCHORS)


def seed_furniture() -> Furniture:
    """The seed page's furniture: its ticker (unlinked), Most Read, Read Next and Coverage."""
    return Furniture(
        ticker=tuple((line, None) for line in SEED_TICKER),
        most_read=tuple(by_index(i) for i in MOST_READ),
        read_next=tuple(by_index(i) for i in READ_NEXT),
        coverage=COVERAGE_LINKS,
    )
