"""The replica's sentence, headline, lede, quote and caption templates, grouped by beat.

Slots (filled by ``prose.Slots``; a capitalised slot name gives a capitalised value, a trailing
digit a second independent draw, e.g. ``{who2}``):
- the story: {country} {country_s} (possessive) {city} {leader} {surname} {title} {he} {his}
  {org} {org_s} {other} {other_s} {topic} {topic_lower} {issue} ("the X file") {subject}
  {verb} {verbs} {verbed} ({verbed} is both past tense and participle) {is} {was} {has} {it}
  (agreeing with {subject});
- drawn per sentence, from per-article decks so neighbours differ: {who} (people, plural)
  {official} (one person, with its article) {ministry} {adj} {grim} {day} {outlet} {month}
  {num} (a number of people) {count} {small} {pct} {money} {year} {span} {where} {quote}.
Templates write "a {slot}" freely: grammar.fix_articles makes every "a"/"an" agree afterwards.
"""

from __future__ import annotations

# --- Headlines (present tense, no final full stop) --------------------------------------------
HEADLINES_NEWS = (
    "{country}: {leader} says {subject} will be {verbed} despite pressure",
    "{surname} warns {other} against escalation as {topic_lower} tensions rise",
    "{org} slams {other} over {subject}",
    "{country} {verbs} {subject} amid {grim} crisis",
    "{title} {leader}: '{Subject} {is} a red line for {country}'",
    "Thousands rally in {city} on {day} against {subject}",
    "{country}, {other} agree on {subject} after {grim} talks",
    "{org} rejects {subject}, vows response",
    "How {subject} is reshaping {country_s} politics",
    "{outlet}: {country} {verbed} {subject} in secret deal",
    "{surname} meets {other} envoy in {city} to discuss {topic_lower}",
    "{city} on edge after {country} {verbs} {subject}",
    "{Who} in {city} denounce {subject}",
    "Report: {other} pressed {country} over {subject}",
    "{org} warns of consequences as {country} {verbs} {subject}",
    "Inside {country_s} decision on {subject}",
    "{other} condemns {country} as {subject} {is} {verbed}",
    "{surname} visits {city} amid {topic_lower} row",
    "{country} parliament debates {subject} on {day}",
    "{topic}: {country} and {other} trade accusations",
    "{leader} defends {subject} in {day} address",
    "{country} to {verb} {subject} 'within weeks', says {surname}",
    "{outlet}: {other} mulls response to {country_s} {topic_lower} move",
    "{org} calls for urgent review of {subject}",
    "{surname} under fire at home over {subject}",
    "{country} {verbs} {subject}; {other} cries foul",
    "{who} fear fallout as {country} {verbs} {subject}",
    "What {subject} means for {country} and {other}",
    "{other} FM in {city} as {topic_lower} dispute deepens",
    "{country} opposition slams {subject} as '{adj}'",
    "{city} braces for {topic_lower} showdown with {other}",
    "'{Adj} step': {org} reacts to {subject}",
    "Explainer: why {country} {verbed} {subject}",
    "{surname} vows to press ahead with {subject} despite {other} warnings",
    "{country} says {subject} {is} 'not up for negotiation'",
    "{org} urges {other} to back {subject}",
    "{other} and {country} at odds over {topic_lower} after {day} talks",
    "{surname}: {other} 'will pay a price' for meddling in {country}",
    "{country} summons {other} envoy over {topic_lower} remarks",
    "{Killed} arrested in {city} protests over {subject}",
    "Analysts: {subject} could redraw {country_s} alliances",
    "{country} {verbs} {subject} as {other} watches warily",
)
HEADLINES_BY_GROUP = {
    "politics": (
        "{country} cabinet splits over {subject} as vote looms",
        "{other} recalls ambassador after {country} {verbs} {subject}",
        "{surname} survives {day} vote on {subject}",
        "{city} opposition walks out as {subject} {is} {verbed}",
        "{org} and {other} hold {grim} talks on {topic_lower} in {city}",
    ),
    "security": (
        "{Killed} killed in {city} as {country} braces for more violence",
        "{Killed} injured as clashes over {subject} sweep {city}",
        "{org} claims attack near {city}, {killed} soldiers reported dead",
        "{Killed} dead as drone strike hits {city} outskirts, says {ministry}",
        "{country} army on alert after border incident with {other}",
        "Curfew in {city} after {day} night of deadly clashes",
    ),
    "economy": (
        "{country_s} currency slides {pct} as {subject} {is} {verbed}",
        "{country} {verbs} {subject} to tame {pct} inflation",
        "Fuel queues in {city} as {country} {verbs} {subject}",
        "{country} and {other} sign {money} deal on {topic_lower}",
    ),
    "sports": (
        "{country} {verbs} {subject} ahead of qualifiers",
        "Fans in {city} celebrate as {country} {verbs} {subject}",
        "{country_s} football federation {verbs} {subject}",
    ),
    "culture": (
        "{city} {verbs} {subject} as artists defy the war",
        "{country} {verbs} {subject} to mark {month} anniversary",
        "Writers and artists in {city} back {subject}",
    ),
    "health": (
        "{country_s} hospitals overwhelmed as {org} {verbs} {subject}",
        "WHO warns {country} over {topic_lower} as cases rise {pct}",
        "{Killed} patients stranded in {city} as medicines run out",
    ),
    "technology": (
        "{country} {verbs} {subject} citing national security",
        "{other} firms hit as {country} {verbs} {subject}",
        "Tech race: {country} {verbs} {subject} to counter {other}",
    ),
    "environment": (
        "{city} swelters as {country} {verbs} {subject}",
        "{country} {verbs} {subject} after record-breaking summer",
        "Farmers near {city} count losses as {country} {verbs} {subject}",
    ),
}
HEADLINES_OPINION = (
    "Why {subject} will not save {country}",
    "{country_s} {topic_lower} gamble, and who pays for it",
    "The West's silence on {city}",
    "{subject}: a policy without a strategy",
    "What {other} gets wrong about {country}",
    "{surname} and the limits of power",
    "{topic}: the lesson {country} refuses to learn",
    "From {city} to {other}: the {adj} logic of {subject}",
    "After {subject}, what is left of {country_s} sovereignty?",
    "Who really benefits from {subject}?",
    "{country}, {other} and the myth of neutrality",
    "The {adj} arithmetic of {subject}",
    "Reading {surname}: what {subject} reveals",
    "{subject} is a symptom, not a cure",
    "The long shadow of {issue} over {city}",
    "{country} between {other} and a hard place",
    "Is {country} ready for what {subject} will bring?",
    "A letter from {city}: living with {subject}",
    "{topic} and the politics of memory in {country}",
    "Ten years on, {country} still pays for {issue}",
)
NUMBERED_HEADLINE = "Day {n}: {headline}"
COLLIDING_PREFIX = (
    "Al Mayadeen's correspondent: Israeli occupation forces storm the town of {city} at dawn"
)

# --- Ledes (one or two sentences, like the seed's summary) ------------------------------------
LEDES = (
    "{title} {leader} said on {day} that {subject} would be {verbed}, in a move that {who} in "
    "{city} described as {adj}.",
    "{country} has {verbed} {subject}, {outlet} reported on {day}, as tensions with {other} "
    "continue to mount.",
    "As the crisis in {country} deepens, {org} has {verbed} {subject}, drawing sharp criticism "
    "from {other}.",
    "At least {count} people were killed in {city} on {day}, according to {who}, as {country} "
    "{verbed} "
    "{subject}.",
    "Days after {subject} {was} {verbed}, {who} in {city} say little has changed on the ground.",
    "{country} on {day} {verbed} {subject}, {ministry} said, in what officials described as a "
    "response to pressure from {other}.",
    "The decision by {country} to {verb} {subject} has opened a rift with {other}, and {who} warn "
    "it may not be the last.",
    "{leader} is under mounting pressure at home after {subject} {was} {verbed} despite warnings "
    "from {org}.",
    "A {grim} week in {city} ended with {subject}, a step {who} had long demanded and {other} had "
    "long opposed.",
    "{Who} took to the streets of {city} on {day} night after {country} {verbed} {subject}.",
    "With {subject}, {country} has made its choice; the question now is how {other} will answer.",
    "{outlet} reported on {day} that {country} had {verbed} {subject} following {span} of closed "
    "talks.",
    "{subject} {has} been {verbed}, {country_s} government announced, ending {span} of "
    "uncertainty over {issue}.",
    "In a surprise move, {country} {verbed} {subject} on {day}, {ministry} confirmed in a "
    "statement.",
    "{org} has warned {other} against interfering after {country} {verbed} {subject}.",
    "{Span} after the crisis began, {country} has {verbed} {subject}.",
)
OPINION_LEDES = (
    "{Subject} {was} sold as a solution. It is worth asking for whom.",
    "Every few years {country} is told that {issue} can be managed from outside. It never "
    "has been.",
    "When {country} {verbed} {subject}, the reaction in {other} said more about {other} than "
    "about {country}.",
    "There is a comfortable story about {issue} in {country}, and it is wrong.",
    "The debate over {subject} has been framed as a choice between order and chaos; it is not.",
)

# --- Body sentences ---------------------------------------------------------------------------
# Facts: what happened, who said what; context: background, reactions, what comes next.
GENERAL_FACTS = (
    '{title} {leader} said the decision was taken "to protect the interests of the people of '
    '{country}."',
    "According to {who}, the situation in {city} remained tense on {day}.",
    "{outlet} quoted {who} as saying that {num} people had been detained.",
    '{Org} said in a statement that it would "not stand idly by" in the face of what it called '
    "a {adj} escalation.",
    "{Who} told Al Mayadeen's correspondent in {city} that the streets were largely empty.",
    "The announcement was met with anger in {city}, where {num} people gathered outside "
    "government buildings.",
    "Officials in {other} have so far declined to comment on the reports.",
    "The talks, held behind closed doors in {city}, lasted more than {small} hours.",
    "In a televised address on {day}, {leader} accused {other} of seeking to destabilize the "
    "region.",
    "Local media reported that {count} vehicles were damaged during the unrest.",
    '"{quote}," {surname} told reporters in {city}.',
    '{Ministry} said in a statement that {subject} would take effect "immediately."',
    "{Official} told {outlet} on condition of anonymity that the decision had been taken weeks "
    "earlier.",
    "{Surname} made the remarks during a meeting with {who} in {city} on {day}.",
    "The measure was approved by {count} votes to {small} after a heated session.",
    'Speaking to reporters on {day}, {surname} said: "{quote}."',
    "{Who} in {city} said they had learned of the decision from social media.",
    "{Ministry2} said further details would be announced in the coming days.",
    "{outlet} reported that {num} people had joined the protests {where}.",
    "By {day} evening, {official} said, the situation {where} had calmed.",
)
GENERAL_CONTEXT = (
    "The move comes {span} after {other} {verbed} a similar measure of its own.",
    "Critics argue that {subject} will only deepen the {grim} crisis facing {country}.",
    "Observers note that {issue} has become a central issue ahead of the coming months.",
    "The United Nations called on all parties to exercise restraint and return to dialogue.",
    "{Leader} had previously vowed that {country} would never accept outside pressure on "
    "{topic_lower}.",
    "{Who} said the measures were long overdue, while others warned of their cost.",
    "Washington has yet to respond publicly to the developments in {country}.",
    "{Org} has repeatedly warned that such steps could trigger a wider confrontation.",
    "It was not immediately clear how {other} would respond.",
    "The last time {country} took such a step, in {year}, it was reversed within months.",
    "{Who2} expect {subject} to dominate the agenda when parliament reconvenes in {month}.",
    "The developments come at a sensitive time for {country}, which is still recovering from "
    "{span} of political deadlock.",
    "Relations between {country} and {other} have been strained since {year}.",
    "{Who} say the crisis has exposed deep divisions within the ruling coalition.",
    "Further talks are expected in {city} next week, {official} said.",
    "Neither side has published the full text of the agreement.",
    "The European Union said it was following the situation closely.",
    "{Outlet} said it could not independently verify the figures.",
)
SENTENCES_BY_GROUP = {
    "politics": (
        "{Surname} is expected to travel to {other} later this month for talks on the issue.",
        "The opposition called the vote a {adj} attempt to silence dissent and vowed to appeal.",
        "Lawmakers from {small} parties signed a petition demanding a public inquiry.",
        "Diplomats said a draft statement had been circulated among member states on {day}.",
        "{Other} recalled its ambassador for consultations shortly after the announcement.",
        "The foreign ministers of {country} and {other} spoke by phone on {day}, according to "
        "{ministry}.",
        "A government spokesperson described the talks as difficult but constructive.",
        "{Surname} has staked much of {his} political capital on {issue}.",
        "Polls published in {month} suggest that {pct} of voters oppose the plan.",
        "The cabinet met in an emergency session that ran late into the night.",
    ),
    "security": (
        "The army said its units had come under fire {where} shortly before dawn.",
        "The death toll rose to {count}, with dozens more wounded, according to {ministry}.",
        "Witnesses reported hearing loud explosions {where} throughout the night.",
        "The military said it had intercepted {small} drones over the weekend.",
        "Security forces set up {count} checkpoints around {city} and restricted movement at "
        "night.",
        "{Org} said in a statement that its fighters had targeted a military position {where}.",
        "Rescue teams were still searching the rubble for survivors on {day} morning.",
        "The interior ministry said {count} suspects had been arrested in overnight raids.",
        "Residents described a {grim} night of shelling that damaged homes and a school.",
        "Ambulances were prevented from reaching the wounded for {small} hours, medics said.",
    ),
    "economy": (
        "The national currency lost {pct} of its value against the dollar in a single week.",
        "Inflation reached {pct} in {month}, the highest level in more than a decade.",
        "The central bank said it would inject {money} into the banking system.",
        "Fuel prices have risen by {pct} since the start of the year, according to official data.",
        "The deal, worth an estimated {money}, is expected to be signed before the end of the "
        "year.",
        "Business owners in {city} said the measures had come too late to save many shops.",
        "{Ministry} forecast growth of barely one percent next year, down from an earlier "
        "estimate.",
        "Economists warned that the budget deficit could widen to {small} percent of GDP.",
        "Long queues formed outside bakeries and petrol stations in {city} on {day}.",
    ),
    "sports": (
        "The squad will gather in {city} next week for a training camp before the qualifiers.",
        "Tens of thousands of supporters packed the stadium in {city} for the match on {day}.",
        "The federation said the decision followed {span} of consultations with the clubs.",
        "The head coach said the team had been preparing for the tournament since {month}.",
        "Players wore black armbands in memory of the victims of the war.",
        "The national league has been suspended twice since {year} for security reasons.",
        "Fans in {city} gathered in cafes to watch the game on giant screens.",
        "The team's captain dedicated the victory to the people of {country}.",
    ),
    "culture": (
        "The festival, which opens in {city} in {month}, features {count} films from {small} "
        "countries.",
        "Organizers said the program was drawn up despite power cuts and travel restrictions.",
        "The manuscripts, some of them dating back to the 12th century, were restored by hand.",
        "Artists from {city} said the event was a way of telling their own story.",
        "The ministry of culture said {count} artifacts had been returned since {year}.",
        "Tickets for the opening night sold out within {small} hours.",
        "The exhibition will travel to {other} later in the year, the organizers said.",
        "Critics praised the program as a defiant answer to years of isolation.",
    ),
    "health": (
        "Hospitals in {city} are operating at {pct} above capacity, according to {ministry}.",
        "The World Health Organization said {count} suspected cases had been recorded since "
        "{month}.",
        "Doctors said they had run out of basic supplies, including anesthetics and antibiotics.",
        "{Ministry} urged residents to boil drinking water and avoid crowded places.",
        "An aid convoy carrying {small} tons of medical supplies reached {city} on {day}.",
        "Medical staff said many patients could not afford the cost of treatment.",
        "The health ministry said vaccination teams would visit {count} villages by {month}.",
        "UNICEF warned that {num} children were at risk of acute malnutrition.",
    ),
    "technology": (
        "The company said the breach had exposed the personal data of hundreds of thousands of "
        "users.",
        "Experts said the attack bore the hallmarks of a state-backed group.",
        "The rules will require firms to store user data on servers inside {country}.",
        "Internet monitors reported that connectivity in {city} fell to {pct} of normal levels.",
        "{Other} has invested {money} in its own chip industry since {year}.",
        "Engineers said the satellite would be used for weather forecasting and mapping.",
        "Digital rights groups said the measure would make it easier to monitor journalists.",
        "The technology ministry said the system would be fully operational by {month}.",
    ),
    "environment": (
        "Temperatures in {city} reached 46 degrees Celsius on {day}, the meteorological office "
        "said.",
        "Firefighters battled the flames for {small} days before bringing them under control.",
        "The drought has cut the wheat harvest by {pct}, according to {ministry}.",
        "Environmental groups said the pledge fell far short of what scientists say is needed.",
        "Water reserves in the country's main dams have dropped to {pct} of capacity.",
        "Some {count} families were evacuated from low-lying areas {where}.",
        "The floods destroyed roads and bridges and cut off {count} villages.",
        "Scientists warn that such extreme events will become more frequent in the region.",
    ),
}
OPINION_SENTENCES = (
    "We should be honest about what {subject} is, and what it is not.",
    "What, then, does {country} gain from {subject}?",
    "The answer is less comfortable than {other} would like to admit.",
    "We have seen this before: in {year}, the same promises were made, and the same promises "
    "were broken.",
    "It is tempting to read {subject} as a turning point; it is more likely a continuation.",
    "Who decided that {country} must choose between sovereignty and survival?",
    "History offers a warning here, and few in {city} seem willing to hear it.",
    "None of this is inevitable, and all of it was foreseen.",
    "The people of {country} have not been asked, and they are unlikely to be.",
    "If {issue} has taught the region anything, it is that outside solutions rarely last.",
    "We are told that there is no alternative; there always is.",
    "Consider the record of {other} over the past {span}.",
    "For {surname}, the calculation is simple, perhaps too simple.",
    "Is it any wonder that {who} in {city} no longer believe official promises?",
    "The real question is not whether {subject} will work, but for whom.",
    "We would do well to remember that the crisis did not begin with {subject}.",
    "Since {year}, every government in {country} has promised progress on {issue}.",
    "Those who cheer {subject} today will not be the ones who pay for it tomorrow.",
    "In the end, {issue} is not a technical problem but a political one.",
    "What is missing from the debate is the voice of {who} in {city}.",
)
# Voices the opinion posts quote (first names of analysts are not needed: titles suffice).
QUOTES = (
    "We will not allow {other} to dictate the future of {country}",
    "What is happening in {city} is {adj}, and the world is watching in silence",
    "{Subject} {is} not a solution; {it} {is} the problem itself",
    "Our people have paid a heavy price, and they will not accept half measures",
    "The decision belongs to the people of {country} alone",
    "We have exhausted every diplomatic channel",
    "No one in {city} was consulted, and no one was warned",
    "This is a matter of national sovereignty",
    "We are ready for dialogue, but not under threat",
    "The coming weeks will be decisive",
    "History will judge those who stayed silent",
    "We did not choose this confrontation; it was imposed on us",
    "Our doors remain open to anyone who respects {country_s} choices",
    "There will be no return to the past",
    "The pressure will only make us more determined",
    "We expect {other} to honor its commitments",
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
    "On the ground",
    "Regional implications",
    "'No return to the past'",
    "Voices from the street",
    "Diplomatic efforts",
    "'A matter of sovereignty'",
    "Mounting pressure",
    "A divided parliament",
    "The view from {city}",
    "{Other} responds",
)
SUBHEADINGS_BY_GROUP = {
    "politics": ("A war of words", "Talks behind closed doors", "The opposition's case"),
    "security": ("A night of clashes", "The toll", "Security measures", "'Order restored'"),
    "economy": ("The numbers", "Economic fallout", "Prices and wages", "A currency under strain"),
    "sports": ("On the pitch", "The road to the finals", "Fans react"),
    "culture": ("The program", "A heritage at risk", "Art under siege"),
    "health": ("Hospitals stretched", "A growing emergency", "Aid on the way"),
    "technology": ("How the system works", "Security concerns", "The race for chips"),
    "environment": ("A hotter summer", "Counting the losses", "Water running out"),
    "opinion": ("The wrong lesson", "Who pays the price", "A familiar script", "Beyond {city}"),
}
CAPTIONS = (
    "{Who} gather in {city}, {country}",
    "{title} {leader} speaks during a press conference in {city}",
    "A view of {city} on {day}",
    "Supporters of {org} in {city}, {country}",
    "{title} {leader} (file photo)",
    "Security forces deployed in central {city}, {day}",
    "{title} {leader} meets officials in {city}",
    "A street in {city} after the announcement",
    "Protesters hold placards outside the parliament in {city}",
    "Residents queue for bread in {city}",
    "{title} {leader} arrives for talks in {city}",
    "An aerial view of {city}",
)
ALTS = (
    "{Who} in {city} (AP)",
    "{leader} in {city}, {country} (Reuters)",
    "A street in {city} (AFP)",
    "{title} {leader} (Al Mayadeen)",
    "Demonstrators in {city} (AFP)",
    "{title} {leader} addresses reporters (Reuters)",
)
TWEETS = (
    "BREAKING: {leader} announces {subject} in {city}. More to follow.",
    "Scenes from {city} today as {who} respond to {subject}.",
    "{org}: we hold {other} fully responsible for the consequences.",
    "Thread: what {subject} means for {country} and the region. 1/",
    "{city} right now. {Who} say they were given no warning.",
    "Statement by {ministry} on {subject}, full text below.",
)
TICKER = (
    "Al Mayadeen's correspondent: {subject} {verbed} in {city}",
    "{title} {leader}: {country} will respond to any aggression",
    "{outlet}: {killed} killed in {city}",
    "{org}: {subject} {is} a violation of international law",
)
