"""The seed article (shared/seed/article-kazakhstan.txt) in template 0: every field, exactly."""

from datetime import UTC, datetime

from mayadeen import items

SEED_BODY = (
    'Kazakhstan on Friday imposed a countrywide "critical red" level of terrorist threat, local '
    "news outlets reported, meaning the government sees that the terrorism threat is severe in "
    "the country.",
    "The severity of the threat means the government is fully mobilizing all its forces and "
    "special forces, who, in turn, will be able to search civilians and vehicles at will, in "
    "addition to restricting and directing their movement and accessing information transmitted "
    "via various telecommunication channels.",
    "Terrorist acts",
    "The governmental action comes in light of terrorist attacks and operations in Kazakhstan, "
    "which have killed 13 law enforcement officers and wounded 353 others.",
    "The bodies of two slain police officers were discovered beheaded, indicating the terrorist "
    "intention behind the militant armed groups in Almaty.",
    "Rioters stormed several governmental buildings in the west of the country, including the "
    "Almaty mayor's office, destroyed and vandalized storefronts, and set fire to vehicles "
    "throughout the city.",
    "The countrywide turmoil also saw armed groups blocking entry and exit to medical staff and "
    "patients to at least two hospitals in Almaty, Kazakhstan's largest city.",
    "'Order mostly restored'",
    "After days of unprecedented violence and unrest, President Tokayev said Friday that order "
    "had mostly been restored in the country.",
    '"Law enforcement forces are working hard. The constitutional order has been mainly restored '
    'in all regions," the president clarified.',
    'He also explained that security operations would continue "until the total destruction of '
    'the militants."',
    'In conjunction, the Kazakhstani ministry of interior said 26 "armed criminals" had been '
    "killed and 18 others had been wounded.",
    "In a statement, the ministry asserted that all of Kazakhstan's regions had been \"freed and "
    'taken under increased protection," explaining that some 70 checkpoints had been set up '
    "around the country.",
    "Riot-turned-demonstrations",
    "The riots started in the country on Tuesday night when several thousand demonstrators took "
    "to the street to protest against the surging gas prices in Kazakhstan.",
    "Following the thousand-strong demonstrations, Kazakhstani President Kassym-Jomart Tokayev "
    "declared a state of emergency in the west of the country and Almaty.",
    "President Tokayev dismissed the government the morning of the demonstrations in a bid to "
    "simmer down the situation. However, confrontations between law enforcement and "
    "demonstrators resumed in Almaty on Wednesday, Al Mayadeen's Bureau Chief in Moscow "
    "reported.",
    "Peace-making attempts from the authorities",
    "Tokayev had previously called for peace in a Facebook video he made in response to the "
    'demonstrations. "The government will not be felled, but we don\'t need conflict," he said.',
    "Before its dismissal, the government made an initiative to lower LPG (liquid petroleum gas) "
    "prices, but that failed in calming protests.",
    "Just two days after the demonstrations started, the government set a six-month fuel price "
    'cap. "The government took urgent measures to stabilize the socio-economic situation," '
    "Kazakhstan's government said in a statement.",
    "It announced a 180-day freeze on price increases for LPG, gasoline, diesel fuel, and "
    "utilities in several cities and provinces.",
    "The government also temporarily restricted the export of foods including beef, lamb, "
    'potatoes, and carrots "to stabilize prices for socially significant food products."',
    "'Foreign-trained terrorists'",
    "As the intensity and violence of demonstrations escalated, President Tokayev appealed to the "
    "Collective Security Treaty Organization (CSTO) for help in quelling protests across the "
    'country that he said were led by "terrorist gangs".',
    '"Today I appealed to the heads of CSTO (Collective Security Treaty Organization) states to '
    'assist Kazakhstan in overcoming this terrorist threat," Tokayev said on state television '
    "early Thursday.",
    "According to the president, accused the attacked of receiving training abroad and being "
    "foreign agents.",
)
SEED_TITLE = "Kazakhstan: 'Critical red' level of terrorist threat, order restored"
SEED_SUMMARY = (
    "As violence escalates in Kazahstan, and after state apparatuses found beheaded police "
    "officers in the country in light of riots, Kazakhstan ups its level of terrorist threat."
)
SEED_ITEM = {
    "url": "https://english.almayadeen.net/news/politics/"
    "kazakhstan---critical-red--level-of-terrorist-threat--order",
    "post_id": "1548720",
    "title": SEED_TITLE,
    "summary": SEED_SUMMARY,
    "authors": ["Al Mayadeen Net"],
    "source": "Agencies + Al Mayadeen Net",
    "published_at": "2022-01-07T08:54:00+02:00",
    "updated_at": "2022-01-07T08:54:00+02:00",
    "section": "Politics",
    "content_type": "news",
    "region": "Asia",
    "coverage": None,
    "tags": ["CSTO", "Kassym-Jomart Tokayev", "Almaty", "Oil prices", "Kazakhstan"],
    "image_url": "https://english.almayadeen.net/media/image/2022/1/7/"
    "27343041-a48c-5ce3-b4c9-630824dff3a4.jpg?v=1&width=1000",
    "image_caption": "Riot police in Kazakhstan",
    "body": "\n\n".join(SEED_BODY),
    "word_count": 578,
    "read_time_minutes": 4,
    "shares": 3,
    "related_urls": [
        "https://english.almayadeen.net/news/politics/"
        "tilting-toward-west--pashinyan-announces-intention-to-exit-c",
        "https://english.almayadeen.net/news/politics/armenia-stops-financing-csto-amid-growing-rift",
    ],
    "video_url": None,
    "images": [],
    "language": "en",
    "scraped_at": "2025-06-12T09:00:00+00:00",
    "content_hash": items.content_hash(SEED_TITLE, SEED_SUMMARY, "\n\n".join(SEED_BODY)),
}
SCRAPED_AT = datetime(2025, 6, 12, 9, 0, tzinfo=UTC)


def test_seed_page_every_field(page_of, seed_html):
    item = page_of(seed_html).to_item(scraped_at=SCRAPED_AT)
    assert dict(item) == SEED_ITEM


def test_seed_item_fields_in_feed_order(page_of, seed_html):
    assert tuple(page_of(seed_html).to_item()) == items.ARTICLE_FIELDS


def test_seed_word_count_is_the_body_words():
    assert SEED_ITEM["word_count"] == len(" ".join(SEED_BODY).split())


def test_seed_body_never_carries_related_box_or_lede(page_of, seed_html):
    body = page_of(seed_html).body()
    assert "Related News" not in body
    assert "Pashinyan" not in body
    assert SEED_SUMMARY not in body


def test_seed_visible_layer_alone(page_of, seed_html):
    fields = page_of(seed_html).visible_fields()
    assert fields == {
        "byline": "Al Mayadeen Net",
        "source": "Agencies + Al Mayadeen Net",
        "date": "7 Jan 2022 08:54",
        "shares": "3",
        "read_time": "4",
    }
