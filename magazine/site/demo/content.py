"""The words of the demo magazine: sections, people, stories and pages."""

# (path, name, description, in_navigation, position)
CATEGORIES = [
    ("news", "News", "What is happening in Miami and the world beyond it.", True, 1),
    (
        "news/headlines",
        "Headlines",
        "The stories everyone in Miami is talking about.",
        False,
        1,
    ),
    (
        "news/politics",
        "Politics",
        "City hall, Tallahassee and Washington, as they touch Miami.",
        False,
        2,
    ),
    (
        "news/world",
        "World",
        "Wire stories from our partners around the globe.",
        False,
        3,
    ),
    (
        "boats",
        "Boats",
        "Center consoles, sportfishers and the people who run them.",
        True,
        2,
    ),
    (
        "yachts",
        "Yachts",
        "Superyachts, charters and the shows that sell them.",
        True,
        3,
    ),
    (
        "real-estate",
        "Real Estate",
        "Waterfront homes, new towers and the market behind them.",
        True,
        4,
    ),
    (
        "health",
        "Health",
        "Living well in the heat: fitness, food and medicine.",
        True,
        5,
    ),
    (
        "sports",
        "Sports",
        "Heat, Dolphins, Marlins, Inter Miami and the sailing calendar.",
        True,
        6,
    ),
    (
        "lifestyle",
        "Lifestyle",
        "Where Miami eats, travels and spends its weekends.",
        True,
        7,
    ),
    (
        "lifestyle/dining",
        "Dining",
        "Tables worth booking and counters worth the wait.",
        False,
        1,
    ),
    (
        "lifestyle/travel",
        "Travel",
        "Islands, cities and long weekends within reach of MIA.",
        False,
        2,
    ),
]

# (slug, name, bio)
AUTHORS = [
    (
        "elena-marquez",
        "Elena Márquez",
        "Elena Márquez covers city hall and county politics. She grew up in Little Havana and has reported from Miami for fifteen years.",
    ),
    (
        "daniel-okafor",
        "Daniel Okafor",
        "Daniel Okafor writes about boats and the marine trades. A licensed captain, he keeps a 1978 Bertram in Coconut Grove.",
    ),
    (
        "sophie-laurent",
        "Sophie Laurent",
        "Sophie Laurent is our yachting editor. She has covered every Monaco and Fort Lauderdale show since 2012.",
    ),
    (
        "marcus-chen",
        "Marcus Chen",
        "Marcus Chen reports on real estate, development and the insurance market that shapes both.",
    ),
    (
        "priya-raman",
        "Dr. Priya Raman",
        "Dr. Priya Raman is a physician at a Miami teaching hospital and writes our health column.",
    ),
    (
        "james-whitfield",
        "James Whitfield",
        "James Whitfield covers the Heat, the Dolphins and anything that floats and races.",
    ),
    (
        "camila-reyes",
        "Camila Reyes",
        "Camila Reyes is our dining and travel editor. She has eaten her way through every neighborhood from Homestead to Aventura.",
    ),
    (
        "jill-lawless",
        "Jill Lawless",
        "Jill Lawless is a correspondent for our wire partner, based in London.",
    ),
]

TAGS = [
    "Miami Beach",
    "Brickell",
    "Coconut Grove",
    "Key Biscayne",
    "Fort Lauderdale",
    "Boat Show",
    "Superyachts",
    "Charter",
    "Sportfishing",
    "Hurricane Season",
    "Condos",
    "Insurance",
    "Waterfront",
    "Heat",
    "Dolphins",
    "Inter Miami",
    "Restaurants",
    "Cuban Food",
    "Weekend Trips",
    "Bahamas",
    "Wellness",
    "Climate",
    "City Hall",
    "Tourism",
    "Art Basel",
    "Sailing",
]

# Stories written out in full. Besides slug, category path, headline, standfirst, author
# slugs and tags, each may use the desk's other fields: "status" (an Article.Status value,
# published if absent), "scheduled_in_hours", "days_old", "also_in" (secondary sections),
# "seo_title", "meta_description", "social_image" (a library picture's title), "comments"
# (an Article.Comments value), "update" (a later paragraph and how many hours after
# publication it was added: shown as "Updated") and "previous_slug" (the address it was
# first published at, changed since: the old one redirects). The rest of the demo is
# composed from the patterns below.
STORIES = [
    {
        "slug": "miami-beach-approves-seawall-plan",
        "category": "news/headlines",
        "headline": "Miami Beach approves $1.2 billion seawall plan as king tides return",
        "standfirst": "Commissioners voted 6–1 to raise seawalls along Indian Creek and the bay side, the city's largest flood project in a generation.",
        "authors": ["elena-marquez"],
        "tags": ["Miami Beach", "Climate", "City Hall"],
        "dateline": "MIAMI BEACH, Fla.",
        "featured": True,
        "body_picture": "The bay side of Indian Creek, where the first new walls go up.",
        "seo_title": "Miami Beach seawall plan: $1.2 billion vote explained",
        "meta_description": "What the Miami Beach seawall plan builds, where the first walls go up, and who pays for the city's largest flood project in a generation.",
        "social_image": "Storm clouds over the Everglades",
    },
    {
        "slug": "fort-lauderdale-boat-show-record",
        "category": "boats",
        "headline": "Fort Lauderdale boat show closes with record sales and a new dock layout",
        "standfirst": "More than 1,300 boats filled seven venues, and dealers reported their best year since 2021.",
        "authors": ["daniel-okafor"],
        "tags": ["Boat Show", "Fort Lauderdale"],
        "featured": True,
        "also_in": ["yachts"],
    },
    {
        "slug": "superyacht-charter-season-caribbean",
        "category": "yachts",
        "headline": "The superyacht charter season heads south early",
        "standfirst": "Owners are repositioning to the Caribbean weeks ahead of schedule, chasing bookings from clients who skipped the Mediterranean.",
        "authors": ["sophie-laurent"],
        "tags": ["Superyachts", "Charter", "Bahamas"],
        "featured": True,
        "also_in": ["lifestyle/travel"],
    },
    {
        "slug": "brickell-tower-waterfront-condos",
        "category": "real-estate",
        "headline": "A 70-storey tower rises on the last empty lot on Brickell Bay Drive",
        "standfirst": "Buyers have already reserved 80 percent of the units, at prices that start at $2.4 million.",
        "authors": ["marcus-chen"],
        "tags": ["Brickell", "Condos", "Waterfront"],
        "featured": True,
    },
    {
        "slug": "heat-stroke-summer-runners",
        "category": "health",
        "headline": "How to run through a Miami summer without ending up in the ER",
        "standfirst": "Doctors at Jackson saw a record number of heat injuries this year. Here is what they want runners to know.",
        "authors": ["priya-raman"],
        "tags": ["Wellness", "Climate"],
        "featured": True,
    },
    {
        "slug": "heat-open-season-kaseya-center",
        "category": "sports",
        "headline": "The Heat open the season with a win and a warning about depth",
        "standfirst": "A late run sealed it, but the bench played only eleven minutes in the second half.",
        "authors": ["james-whitfield"],
        "tags": ["Heat"],
    },
    {
        "slug": "little-havana-ventanita-guide",
        "category": "lifestyle/dining",
        "headline": "Twelve ventanitas where Little Havana still starts its day",
        "standfirst": "A cafecito, a pastelito and the morning's gossip: our guide to the walk-up windows that keep Calle Ocho awake.",
        "authors": ["camila-reyes"],
        "tags": ["Cuban Food", "Restaurants"],
    },
    {
        "slug": "long-weekend-eleuthera",
        "category": "lifestyle/travel",
        "headline": "A long weekend on Eleuthera, forty minutes from Miami",
        "standfirst": "Pink sand, empty roads and a fish fry on Friday nights: the Bahamian island that has not yet been discovered by everyone.",
        "authors": ["camila-reyes"],
        "tags": ["Bahamas", "Weekend Trips"],
    },
    {
        "slug": "county-budget-transit-vote",
        "category": "news/politics",
        "headline": "County commission delays the transit vote for a third time",
        "standfirst": "The Northeast Corridor rail line is still short of $300 million, and the mayor wants the state to cover the gap.",
        "authors": ["elena-marquez"],
        "tags": ["City Hall"],
        "comments": "moderated",
        "update": {
            "after_hours": 5,
            "body": "<p><strong>Update, 6 p.m.:</strong> The commission has set a new date for the vote: the first meeting of next month, after the state budget is signed.</p>",
        },
    },
    {
        "slug": "uk-heat-record-london",
        "category": "news/world",
        "headline": "Britain braces for another record-breaking summer as reservoirs run low",
        "standfirst": "Water companies have imposed hosepipe bans across southern England for the third year in a row.",
        "authors": ["jill-lawless"],
        "tags": ["Climate"],
        "dateline": "LONDON",
        "contributors": "Lawless reported from London. Danica Kirka contributed to this report.",
        "source_name": "The Associated Press",
        "source_url": "https://apnews.example/article/britain-heat-record-reservoirs",
        "paragraphs": [
            "Reservoir levels in the south of England stood at 58 percent of capacity at the end of June, the Environment Agency said, the lowest for the time of year since records began.",
            "Three water companies have told more than 10 million customers not to use hosepipes to water gardens or wash cars, with fines of up to £1,000 for those who ignore the ban.",
            "Forecasters expect temperatures above 35 degrees Celsius (95 Fahrenheit) in London next week, a level the city had never recorded before 2019.",
            "Farmers say the dry spring has already cut yields of wheat and potatoes, and some have begun selling livestock early because grazing has run out.",
            "The government has promised nine new reservoirs by 2050, the first to be built in England in more than 30 years.",
        ],
        "licence_days": 30,
        "comments": "closed",
    },
    {
        "slug": "for-sale-2016-sea-ray-350-sundancer",
        "category": "boats",
        "headline": "For Sale! 2016 Sea Ray 350 Sundancer – $180,000",
        "standfirst": "One owner, 410 engine hours on twin MerCruisers, freshwater kept under cover in Coconut Grove. Viewings by appointment.",
        "authors": [],
        "tags": ["Coconut Grove", "Waterfront"],
        "sponsored": True,
        "sponsor_name": "Biscayne Yacht Brokers",
        "paragraphs": [
            "This 2016 Sea Ray 350 Sundancer has had one owner since new and has been kept in fresh water, on a covered lift in Coconut Grove, for all of its life.",
            "Twin MerCruiser 6.2 engines with Bravo III drives show 410 hours, serviced every spring by the dealer; the generator shows 220.",
            "Below deck: a forward berth, a mid-cabin, a galley with a new refrigerator and a head with a separate shower. The canvas and upholstery were replaced in 2023.",
            "Electronics include a Garmin 8612 chartplotter, radar, autopilot and a joystick for docking. The tender and trailer are not included.",
            "Offered at $180,000. Sea trials by appointment with a deposit.",
        ],
        "extra_body": '<p>Full specifications and survey at <a href="https://biscayne-yacht-brokers.example/sea-ray-350">Biscayne Yacht Brokers</a>.</p>',
    },
    {
        "slug": "inter-miami-new-stadium-opening",
        "category": "sports",
        "headline": "Inter Miami's new stadium by the airport: what fans need to know",
        "standfirst": "Parking, the new transit shuttle and the bag policy, before the first home game at Miami Freedom Park.",
        "authors": ["james-whitfield"],
        "tags": ["Inter Miami"],
    },
    {
        "slug": "hurricane-insurance-premiums-condo",
        "category": "real-estate",
        "headline": "Condo owners face another round of insurance increases",
        "standfirst": "Associations across Miami-Dade are passing on premium rises of up to 40 percent, and some buildings cannot find cover at all.",
        "authors": ["marcus-chen"],
        "tags": ["Insurance", "Condos", "Hurricane Season"],
    },
    {
        "slug": "key-biscayne-sailing-regatta",
        "category": "sports",
        "headline": "Forty boats and a squall: the Key Biscayne regatta in pictures",
        "standfirst": "The fleet got a shifty northeasterly, then a forty-knot gust that flattened half of it.",
        "authors": ["james-whitfield", "daniel-okafor"],
        "tags": ["Sailing", "Key Biscayne"],
        "also_in": ["boats"],
        "extra_body": (
            "<p>The committee boat filmed the gust coming down the course:</p>"
            '<p><a href="https://www.youtube.com/watch?v=MCkbRegatta">Forty knots off Key Biscayne: the squall hits the fleet</a></p>'
            "<p>The race officer called it from the water:</p>"
            '<p><a href="https://x.com/miamicurrent/status/1851234567890123456">Race 4 abandoned. All boats and crews accounted for.</a></p>'
        ),
    },
    {
        "slug": "yacht-crew-training-school",
        "category": "yachts",
        "headline": "Inside the Fort Lauderdale school that trains superyacht crews",
        "standfirst": "Stewardesses, deckhands and engineers learn silver service and firefighting in the same week.",
        "authors": ["sophie-laurent"],
        "tags": ["Superyachts", "Fort Lauderdale"],
    },
    {
        "slug": "omakase-counter-design-district",
        "category": "lifestyle/dining",
        "headline": "An eight-seat omakase counter is the hardest booking in the Design District",
        "standfirst": "The chef trained in Fukuoka and buys most of his fish from the boats in Key West.",
        "authors": ["camila-reyes"],
        "tags": ["Restaurants"],
        "previous_slug": "omakase-counter-wynwood",
    },
    {
        "slug": "dengue-cases-mosquito-control",
        "category": "health",
        "headline": "Mosquito control steps up spraying after local dengue cases",
        "standfirst": "The health department confirmed four locally acquired cases in Miami-Dade this month.",
        "authors": ["priya-raman"],
        "tags": ["Wellness"],
    },
    {
        "slug": "art-basel-week-preview",
        "category": "lifestyle",
        "headline": "Art Basel week: the shows, the parties and the traffic plan",
        "standfirst": "Two hundred and eighty galleries, twenty satellite fairs and one new causeway closure to plan around.",
        "authors": ["camila-reyes"],
        "tags": ["Art Basel", "Miami Beach", "Tourism"],
    },
    {
        "slug": "sportfishing-sailfish-season",
        "category": "boats",
        "headline": "Sailfish season starts early off Government Cut",
        "standfirst": "Captains report double-digit releases on the first cold front, weeks ahead of the usual run.",
        "authors": ["daniel-okafor"],
        "tags": ["Sportfishing"],
    },
    {
        "slug": "tourism-record-winter",
        "category": "news/headlines",
        "headline": "Miami expects a record winter season as airlines add routes",
        "standfirst": "Hotel occupancy is forecast above 85 percent from December to March.",
        "authors": ["elena-marquez"],
        "tags": ["Tourism"],
    },
    {
        "slug": "coconut-grove-marina-redevelopment",
        "category": "boats",
        "headline": "Coconut Grove's marina redevelopment wins final approval",
        "standfirst": "Dinner Key will gain 120 wet slips, a public promenade and a new seawall by 2028.",
        "authors": ["daniel-okafor", "elena-marquez"],
        "tags": ["Coconut Grove", "Waterfront", "City Hall"],
        "scheduled_in_hours": 20,
    },
    {
        "slug": "dolphins-quarterback-injury-draft",
        "category": "sports",
        "headline": "Dolphins weigh their options at quarterback",
        "standfirst": "A draft story the desk has not finished yet.",
        "authors": ["james-whitfield"],
        "tags": ["Dolphins"],
        "status": "draft",
    },
    {
        "slug": "miami-river-water-taxi-pilot",
        "category": "news/headlines",
        "headline": "A water taxi on the Miami River? The county wants to try",
        "standfirst": "A six-month pilot would run two boats between Brickell and the Health District, if the commission pays for the docks.",
        "authors": ["elena-marquez", "daniel-okafor"],
        "tags": ["Brickell", "Waterfront", "City Hall"],
        "status": "review",
    },
    {
        "slug": "hurricane-season-supply-checklist-2023",
        "category": "news/headlines",
        "headline": "Hurricane season 2023: the supply checklist",
        "standfirst": "Water, batteries, medicine and paperwork: what to have at home before June. This year's guide replaces it.",
        "authors": ["priya-raman"],
        "tags": ["Hurricane Season"],
        "status": "archived",
        "days_old": 800,
    },
]

PARAGRAPHS = {
    "news": [
        "The decision came after nearly six hours of public comment, much of it from residents who said they were tired of wading through their own streets at high tide.",
        "City engineers say the work will be phased over eight years, starting with the neighborhoods where water already comes over the wall several times a year.",
        "Opponents argued that the plan leans too heavily on bonds and leaves too little for the pumps and drainage that would keep water out from below.",
        "“We cannot wait for the perfect plan,” the mayor said before the vote. “The water is not waiting for us.”",
        "The county's own projections put sea level in Miami six to ten inches higher by 2040 than it was in 2000.",
    ],
    "boats": [
        "Dealers said buyers were less interested in the largest center consoles than in boats they could keep on a lift and run without a captain.",
        "Twin and triple outboards still dominate, but several builders showed electric tenders and a hybrid catamaran that drew a crowd all week.",
        "Marina operators in Miami-Dade say waiting lists for wet slips are now measured in years rather than months.",
        "“People want to use their boats, not just own them,” said a broker who has worked the show for twenty years.",
        "Insurance remains the cost most owners complain about, especially for boats kept in the water through hurricane season.",
    ],
    "yachts": [
        "The largest yacht in the fleet this year measures 88 metres and carries a crew of thirty-two.",
        "Charter rates for the coming season start at around $150,000 a week for a 40-metre yacht, before fuel, food and the customary tip.",
        "Brokers say demand has shifted toward explorer yachts with the range to cross oceans and the tenders to reach places without marinas.",
        "Crews are harder to find than ever, and the best captains now command salaries well above a quarter of a million dollars.",
        "The shipyards in Fort Lauderdale have more refit work booked than they can do before the spring.",
    ],
    "real-estate": [
        "Prices for waterfront single-family homes rose nine percent over the past year, while condo prices were flat.",
        "Developers say buyers from New York, Chicago and Latin America still make up most of the pre-construction market.",
        "The state's new condominium safety law requires older buildings to fund reserves for structural repairs, and many owners face large special assessments.",
        "Brokers report that homes priced above $10 million now sell faster than those in the middle of the market.",
        "Rents in Brickell and Edgewater have eased slightly as new towers add thousands of units.",
    ],
    "health": [
        "Doctors recommend training before 7 a.m. or after sunset from June to September, and drinking before you feel thirsty.",
        "Symptoms of heat exhaustion include headache, nausea and dizziness; confusion or fainting means it is time to call 911.",
        "A small study at the University of Miami found that runners who acclimatised over two weeks had markedly lower core temperatures.",
        "Electrolyte drinks help on long runs, but plain water is enough for most people exercising under an hour.",
        "Sunscreen, a hat and light clothing matter more than most people think.",
    ],
    "sports": [
        "The crowd at the arena was the loudest it has been since the conference finals.",
        "The coach said afterwards that the rotation would settle once two injured players returned next month.",
        "The win moved the team to the top of the division, a game ahead of their rivals.",
        "Season ticket sales are up twelve percent, the club said, with new seats added behind the north goal.",
        "The regatta committee postponed the final race after lightning was seen over the bay.",
    ],
    "lifestyle": [
        "The menu changes weekly, built around what the fishermen bring in and what the farms in the Redland are harvesting.",
        "Reservations open thirty days ahead at midnight and are usually gone within minutes.",
        "The island has two paved roads, one grocery store and some of the best bonefishing in the Bahamas.",
        "Flights leave Miami three times a day, and the hop takes about as long as the drive to Fort Lauderdale at rush hour.",
        "Prices are fair for the neighborhood: most plates cost between $18 and $32.",
    ],
}

SUBHEADS = [
    "What happens next",
    "The numbers",
    "Why it matters",
    "What people are saying",
]

QUOTES = [
    "This is the kind of change you only notice once it is done, and then you cannot imagine the city without it.",
    "Miami has always been a place that reinvents itself. The question is who gets to be part of it.",
    "You can tell how the season will go by the first cold front.",
]

# Patterns that compose the rest of the demo (and the large benchmark data set).
HEADLINE_PATTERNS = {
    "news/headlines": [
        "{place} residents push back on new {thing} plan",
        "What the {thing} vote means for {place}",
        "{place} to spend ${n} million on {thing}",
    ],
    "news/politics": [
        "Commission splits over {thing} in {place}",
        "State lawmakers target {place} {thing} rules",
        "Mayor's {thing} proposal faces a close vote",
    ],
    "news/world": [
        "Europe weighs new rules on {thing}",
        "Caribbean leaders meet on {thing} as storm season ends",
        "Tourism rebounds in {place2} despite {thing} worries",
    ],
    "boats": [
        "The best {boat} under ${n}0,000",
        "Sea trial: a new {boat} out of {place}",
        "Why {place} boaters are choosing {boat}s",
    ],
    "yachts": [
        "A {m}-metre yacht for charter out of {place}",
        "The refit that saved a {m}-metre classic",
        "{m} metres and electric: the new face of yachting",
    ],
    "real-estate": [
        "A {place} waterfront home lists for ${n} million",
        "{place} condo prices hold steady as inventory grows",
        "Inside a ${n} million penthouse in {place}",
    ],
    "health": [
        "What {place} doctors say about {health}",
        "The new science of {health}",
        "A {place} clinic tries a new approach to {health}",
    ],
    "sports": [
        "{team} fall late in a game they controlled",
        "{team} sign a veteran for the stretch run",
        "{team}: three things we learned this week",
    ],
    "lifestyle": [
        "A weekend in {place}, from breakfast to last call",
        "The {place} shops worth the drive",
        "Where {place} goes to watch the sunset",
    ],
    "lifestyle/dining": [
        "A new {food} counter opens in {place}",
        "The best {food} in {place}, ranked",
        "A {place} chef's guide to {food}",
    ],
    "lifestyle/travel": [
        "Three days in {place2} from MIA",
        "The island hotel reopening in {place2}",
        "Where to stay in {place2} this winter",
    ],
}
FILLERS = {
    "place": [
        "Miami Beach",
        "Coral Gables",
        "Coconut Grove",
        "Brickell",
        "Key Biscayne",
        "Wynwood",
        "Little Havana",
        "Edgewater",
        "Surfside",
        "Bal Harbour",
        "Fort Lauderdale",
        "Homestead",
    ],
    "place2": [
        "Nassau",
        "Havana",
        "Cartagena",
        "San Juan",
        "Tulum",
        "Harbour Island",
        "Turks and Caicos",
        "Lisbon",
        "Madrid",
        "Mexico City",
    ],
    "thing": [
        "seawall",
        "transit",
        "zoning",
        "short-term rental",
        "tree canopy",
        "parking",
        "bike lane",
        "flood pump",
        "noise",
        "school boundary",
    ],
    "boat": [
        "center console",
        "bay boat",
        "sportfisher",
        "catamaran",
        "dual console",
        "walkaround",
        "express cruiser",
    ],
    "health": [
        "sleep",
        "heat illness",
        "skin cancer screening",
        "strength training",
        "the Mediterranean diet",
        "hydration",
        "back pain",
    ],
    "team": [
        "The Heat",
        "The Dolphins",
        "The Marlins",
        "Inter Miami",
        "The Hurricanes",
        "The Panthers",
    ],
    "food": [
        "croqueta",
        "ceviche",
        "pizza",
        "Cuban sandwich",
        "arepa",
        "stone crab",
        "key lime pie",
    ],
}

PAGES = [
    {
        "slug": "about",
        "title": "About Miami Current",
        "summary": "Miami Current is an independent magazine about life in Miami: the water, the homes, the food and the news.",
        "body": (
            "<p>Miami Current has covered life in South Florida since 2009: the boats and yachts that fill "
            "Biscayne Bay, the homes on its shores, the restaurants, the teams and the news that shapes the city.</p>"
            "<h2>Our newsroom</h2><p>We are a small staff of reporters and editors based in Coconut Grove, "
            "with contributors across the region. We publish wire stories from our partners with their attribution, "
            "and we label every sponsored listing as such.</p>"
            "<h2>Your privacy</h2><p>We run no third-party trackers, advertising scripts or web fonts. "
            "Our newsletter is double opt-in, and every edition carries a one-click unsubscribe.</p>"
            '<h2>Contact</h2><p>Tips and corrections: <a href="mailto:newsroom@miamicurrent.example">newsroom@miamicurrent.example</a>.</p>'
        ),
    },
    {
        "slug": "legal",
        "title": "Legal notice and privacy",
        "summary": "Who publishes Miami Current, how we handle your data, and the terms of using this site.",
        "body": (
            "<p>Miami Current is published by Miami Current Media LLC, 3250 Grand Avenue, Coconut Grove, FL 33133.</p>"
            "<h2>Data we keep</h2><p>When you comment, we keep your name, e-mail address and, for a limited number of days, "
            "your IP address to fight spam. When you subscribe to the newsletter, we keep your address, the page you signed up on "
            "and the time you confirmed. You can ask us to export or delete all of it at any time.</p>"
            "<h2>Cookies</h2><p>We set only the cookies the site needs to work: a security token for forms, and a short-lived "
            "cookie that lets you see your own comment while it waits for moderation.</p>"
            "<h2>Copyright</h2><p>Stories from wire services are republished under licence and remain the property of their owners.</p>"
        ),
    },
]

SITE_SETTINGS = {
    "tagline": "Life on the water, and everything around it",
    "about_blurb": "Miami Current is an independent magazine about life in South Florida: boats and yachts, waterfront homes, health, sports, food, travel and the news that shapes the city.",
    "legal_notice": "Published by Miami Current Media LLC, Coconut Grove, Florida.",
    "postal_address": "Miami Current Media LLC, 3250 Grand Avenue, Coconut Grove, FL 33133, USA",
}

# Each story's discussion: its comments, then replies as (index of the comment
# replied to, name, e-mail, text).
DISCUSSIONS = {
    "miami-beach-approves-seawall-plan": (
        [
            (
                "Rosa Delgado",
                "rosa@example.com",
                "Finally. Our street in Sunset Harbour floods every October and nobody seemed to care.",
            ),
            (
                "Tom Becker",
                "tom.becker@example.com",
                "Who pays for this, though? The bond numbers in the article do not add up to me.",
            ),
            (
                "Ana Lucía",
                "ana.lucia@example.com",
                "Great piece. Would love a follow-up on what happens to the mangroves.",
            ),
            (
                "Mike Santos",
                "msantos@example.com",
                "Eight years is a long time. Which streets are in the first phase?",
            ),
        ],
        [
            (
                0,
                "Elena Márquez",
                "elena@miamicurrent.example",
                "Thanks, Rosa. We will be following the first phase closely; tell us what you see on your street.",
            ),
            (
                1,
                "Rosa Delgado",
                "rosa@example.com",
                "The bonds are paid from the stormwater fee, which goes up next year. It is in the staff report.",
            ),
        ],
    ),
    "fort-lauderdale-boat-show-record": (
        [
            (
                "Mike Santos",
                "msantos@example.com",
                "I was there on Saturday and the new dock layout was a huge improvement.",
            ),
            (
                "Carla Jiménez",
                "carla.j@example.com",
                "The electric tenders were the surprise of the show. Half the crowd at that dock were under forty.",
            ),
            (
                "Peter Lang",
                "peter.lang@example.com",
                "Record sales, and still no wet slips to be had from here to Jupiter.",
            ),
        ],
        [
            (
                2,
                "Daniel Okafor",
                "daniel@miamicurrent.example",
                "We are looking into the slip shortage for a story next month. Tell us how long you have been waiting.",
            ),
        ],
    ),
}

# The tags a composed story of each main section is given (some of them).
SECTION_TAGS = {
    "news": ["City Hall", "Climate", "Hurricane Season", "Miami Beach", "Brickell"],
    "boats": ["Boat Show", "Sportfishing", "Sailing", "Key Biscayne", "Waterfront"],
    "yachts": ["Superyachts", "Charter", "Fort Lauderdale", "Bahamas"],
    "real-estate": ["Condos", "Insurance", "Waterfront", "Brickell", "Coconut Grove"],
    "health": ["Wellness", "Climate"],
    "sports": ["Heat", "Dolphins", "Inter Miami", "Sailing"],
    "lifestyle": ["Restaurants", "Cuban Food", "Weekend Trips", "Art Basel", "Tourism"],
}

# The newsroom's staff accounts: (username, author slug, group made by the roles
# migration). They have no usable password: set one with `manage.py changepassword`.
STAFF = [
    ("sophie", "sophie-laurent", "Editors"),
    ("daniel", "daniel-okafor", "Contributors"),
]

# Authors with a painted portrait in the image library.
PORTRAITS = ["sophie-laurent", "daniel-okafor", "elena-marquez"]

# A comment waiting for a moderator under the story whose every comment is moderated:
# (story, name, e-mail, text).
WAITING_COMMENT = (
    "county-budget-transit-vote",
    "Luis Herrera",
    "luis.herrera@example.com",
    "Third delay in a row. At this rate the trains will arrive before the money does.",
)

# Related stories the desk picked by hand, in order: (story, [picks]).
RELATED_PICKS = [
    (
        "miami-beach-approves-seawall-plan",
        ["hurricane-insurance-premiums-condo", "county-budget-transit-vote"],
    ),
    (
        "fort-lauderdale-boat-show-record",
        ["for-sale-2016-sea-ray-350-sundancer", "sportfishing-sailfish-season"],
    ),
]

# Where the subject of each painted scene sits (the focal point an editor would set).
FOCAL_POINTS = {
    "sailboat": (0.45, 0.62),
    "yacht": (0.55, 0.68),
    "console": (0.45, 0.7),
    "skyline": (0.5, 0.45),
    "palms": (0.5, 0.4),
}
