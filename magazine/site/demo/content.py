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
    "Marlins",
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
    "ventanitas-de-la-pequena-habana": (
        [
            (
                "Mirta Álvarez",
                "mirta.alvarez@example.com",
                "Les faltó la de la 27 avenida, frente a la farmacia. El cortadito de allí no tiene competencia.",
            ),
            (
                "Jorge Pérez",
                "jorge.perez@example.com",
                "Qué alegría ver esta guía en español. Mi padre desayuna en la tercera de la lista desde 1985.",
            ),
        ],
        [
            (
                0,
                "Camila Reyes",
                "camila@miamicurrent.example",
                "¡Anotada, Mirta! La probamos esta semana y, si está a la altura, entra en la próxima edición de la guía.",
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

# The Spanish edition (edición en español), written by the desk, not machine-translated.

# Each section's Spanish (name, slug, description), by its English path.
CATEGORIES_ES = {
    "news": (
        "Noticias",
        "noticias",
        "Lo que pasa en Miami y en el mundo que la rodea.",
    ),
    "news/headlines": (
        "Titulares",
        "titulares",
        "Las historias de las que habla todo Miami.",
    ),
    "news/politics": (
        "Política",
        "politica",
        "El ayuntamiento, Tallahassee y Washington, en lo que tocan a Miami.",
    ),
    "news/world": (
        "Mundo",
        "mundo",
        "Noticias de agencia de nuestros socios en todo el planeta.",
    ),
    "boats": (
        "Barcos",
        "barcos",
        "Lanchas de consola central, barcos de pesca deportiva y la gente que los lleva.",
    ),
    "yachts": (
        "Yates",
        "yates",
        "Superyates, alquileres y los salones náuticos donde se venden.",
    ),
    "real-estate": (
        "Bienes raíces",
        "bienes-raices",
        "Casas frente al agua, torres nuevas y el mercado que las mueve.",
    ),
    "health": (
        "Salud",
        "salud",
        "Vivir bien con este calor: ejercicio, alimentación y medicina.",
    ),
    "sports": (
        "Deportes",
        "deportes",
        "El Heat, los Dolphins, los Marlins, el Inter Miami y el calendario de regatas.",
    ),
    "lifestyle": (
        "Estilo de vida",
        "estilo-de-vida",
        "Dónde come, viaja y pasa Miami sus fines de semana.",
    ),
    "lifestyle/dining": (
        "Gastronomía",
        "gastronomia",
        "Mesas que vale la pena reservar y mostradores que valen la espera.",
    ),
    "lifestyle/travel": (
        "Viajes",
        "viajes",
        "Islas, ciudades y puentes largos a un vuelo corto de MIA.",
    ),
}

# Each author's bio in Spanish, by author slug.
AUTHOR_BIOS_ES = {
    "elena-marquez": "Elena Márquez cubre el ayuntamiento y la política del condado. Creció en la Pequeña Habana y lleva quince años reportando desde Miami.",
    "daniel-okafor": "Daniel Okafor escribe sobre barcos y los oficios del mar. Es capitán con licencia y tiene un Bertram de 1978 amarrado en Coconut Grove.",
    "sophie-laurent": "Sophie Laurent es nuestra editora de yates. Ha cubierto todos los salones de Mónaco y Fort Lauderdale desde 2012.",
    "marcus-chen": "Marcus Chen informa sobre bienes raíces, urbanismo y el mercado de seguros que condiciona a ambos.",
    "priya-raman": "La doctora Priya Raman ejerce en un hospital universitario de Miami y escribe nuestra columna de salud.",
    "james-whitfield": "James Whitfield cubre el Heat, los Dolphins y todo lo que flota y compite.",
    "camila-reyes": "Camila Reyes es nuestra editora de gastronomía y viajes. Ha comido en cada barrio, de Homestead a Aventura.",
    "jill-lawless": "Jill Lawless es corresponsal de Associated Press en Londres.",
}

# The standing pages in Spanish, by their English slug.
PAGES_ES = {
    "about": {
        "title_es": "Quiénes somos",
        "slug_es": "acerca",
        "summary_es": "Miami Current es una revista independiente sobre la vida en Miami: el agua, las casas, la comida y las noticias.",
        "body_es": (
            "<p>Miami Current cuenta la vida del sur de la Florida desde 2009: los barcos y yates que llenan "
            "la bahía de Biscayne, las casas de sus orillas, los restaurantes, los equipos y las noticias que dan forma a la ciudad.</p>"
            "<p>Nuestra edición en español la escriben y la editan personas de la redacción, no un traductor automático: "
            "unas historias son versiones de las publicadas en inglés y otras se escriben solo en español.</p>"
            "<h2>Nuestra redacción</h2><p>Somos un equipo pequeño de reporteros y editores con sede en Coconut Grove, "
            "con colaboradores en toda la región. Publicamos noticias de agencia con su firma y señalamos como tal "
            "cada anuncio patrocinado.</p>"
            "<h2>Su privacidad</h2><p>No usamos rastreadores de terceros, scripts publicitarios ni fuentes web externas. "
            "Para suscribirse al boletín hay que confirmar dos veces, y cada edición trae un enlace para darse de baja con un clic.</p>"
            '<h2>Contacto</h2><p>Pistas y correcciones: <a href="mailto:newsroom@miamicurrent.example">newsroom@miamicurrent.example</a>.</p>'
        ),
    },
    "legal": {
        "title_es": "Aviso legal y privacidad",
        "slug_es": "aviso-legal",
        "summary_es": "Quién publica Miami Current, cómo tratamos sus datos y las condiciones de uso de este sitio.",
        "body_es": (
            "<p>Miami Current es una publicación de Miami Current Media LLC, 3250 Grand Avenue, Coconut Grove, FL 33133.</p>"
            "<h2>Datos que guardamos</h2><p>Cuando usted comenta, guardamos su nombre, su correo electrónico y, durante un número "
            "limitado de días, su dirección IP para combatir el spam. Cuando se suscribe al boletín, guardamos su dirección, "
            "la página desde la que se suscribió y la hora en que lo confirmó. Puede pedirnos en cualquier momento que le "
            "enviemos todos esos datos o que los borremos.</p>"
            "<h2>Cookies</h2><p>Solo usamos las cookies que el sitio necesita para funcionar: un código de seguridad para los "
            "formularios y una cookie de corta duración que le permite ver su comentario mientras espera moderación.</p>"
            "<h2>Derechos de autor</h2><p>Las noticias de agencia se publican bajo licencia y siguen siendo propiedad de sus autores.</p>"
        ),
    },
}

SITE_SETTINGS_ES = {
    "tagline_es": "La vida en el agua, y todo lo que la rodea",
    "about_blurb_es": "Miami Current es una revista independiente sobre la vida en el sur de la Florida: barcos y yates, casas frente al agua, salud, deportes, gastronomía, viajes y las noticias que dan forma a la ciudad.",
    "legal_notice_es": "Una publicación de Miami Current Media LLC, Coconut Grove, Florida.",
}

# The Spanish stories' own tags (tags are free text: a Spanish story carries
# Spanish ones; names that read the same in both languages are shared).
TAGS_ES = [
    "Clima",
    "Ayuntamiento",
    "Salón náutico",
    "Condominios",
    "Frente al mar",
    "Bienestar",
    "Comida cubana",
    "Restaurantes",
    "Escapadas",
    "Seguros",
    "Temporada de huracanes",
    "Turismo",
    "Pesca deportiva",
    "Alquiler de barcos",
    "Superyates",
]

# Stories of the Spanish edition: as STORIES (with their own "paragraphs"), plus
# "translation_of" (the slug of the English story it translates) and "out_of_date"
# (the English original was revised after this translation was last checked: the
# update to the transit story has not reached its Spanish version yet).
STORIES_ES = [
    {
        "slug": "miami-beach-aprueba-plan-de-diques",
        "translation_of": "miami-beach-approves-seawall-plan",
        "category": "news/headlines",
        "headline": "Miami Beach aprueba un plan de diques de 1.200 millones mientras vuelven las mareas reales",
        "standfirst": "La comisión votó 6 a 1 a favor de elevar los muros de contención en Indian Creek y en el lado de la bahía, la mayor obra contra inundaciones de la ciudad en una generación.",
        "authors": ["elena-marquez"],
        "tags": ["Miami Beach", "Clima", "Ayuntamiento"],
        "dateline": "MIAMI BEACH, Florida",
        "featured": True,
        "paragraphs": [
            "Después de tres horas de debate y de más de cuarenta intervenciones del público, la comisión de Miami Beach aprobó el martes el plan que elevará los diques de la ciudad a lo largo de Indian Creek y de la orilla de la bahía.",
            "Las obras empezarán el próximo verano en el tramo entre las calles 25 y 41, donde el agua salada sube por los desagües cada otoño, con o sin lluvia. La ciudad calcula que tardará ocho años en terminar.",
            "«No es un lujo, es la condición para que sigamos viviendo aquí», dijo la comisionada que presentó la propuesta. El único voto en contra pidió más detalles sobre cómo se pagarán los bonos.",
            "Los vecinos de Sunset Harbour, que han visto sus calles inundadas en las mareas de octubre, llenaron la sala con camisetas azules. Algunos pidieron que el plan incluya manglares y no solo concreto.",
        ],
    },
    {
        "slug": "salon-nautico-fort-lauderdale-record",
        "translation_of": "fort-lauderdale-boat-show-record",
        "category": "boats",
        "headline": "El salón náutico de Fort Lauderdale cierra con ventas récord y muelles rediseñados",
        "standfirst": "Más de 1.300 barcos ocuparon siete sedes, y los concesionarios hablan de su mejor año desde 2021.",
        "authors": ["daniel-okafor"],
        "tags": ["Salón náutico", "Fort Lauderdale"],
        "also_in": ["yachts"],
        "paragraphs": [
            "Durante cinco días, el Bahia Mar volvió a ser el centro del mundo náutico. Los organizadores cambiaron la disposición de los muelles para que los visitantes no tuvieran que cruzar dos veces la A1A, y los expositores lo notaron en la caja.",
            "Los concesionarios de lanchas de consola central, el corazón del mercado del sur de la Florida, reportaron pedidos con entregas hasta bien entrado el año que viene. Los motores fueraborda eléctricos, en cambio, despertaron más curiosidad que firmas.",
            "«La gente venía con la decisión tomada, solo quería ver el barco en el agua», resumió un vendedor de Pompano Beach que llevaba quince ediciones en el salón.",
        ],
    },
    {
        "slug": "torre-brickell-bay-drive",
        "translation_of": "brickell-tower-waterfront-condos",
        "category": "real-estate",
        "headline": "Una torre de 70 pisos se levanta en el último solar vacío de Brickell Bay Drive",
        "standfirst": "Los compradores ya han reservado el 80 por ciento de las unidades, con precios que parten de 2,4 millones de dólares.",
        "authors": ["marcus-chen"],
        "tags": ["Brickell", "Condominios", "Frente al mar"],
        "paragraphs": [
            "Durante años fue un estacionamiento con vista a la bahía. Ahora las grúas trabajan día y noche en el terreno, y la promotora asegura que la torre estará terminada antes de que acabe 2028.",
            "Buena parte de las reservas llegó de compradores de Colombia, México y Argentina, que pagaron depósitos del 40 por ciento, una práctica habitual en los proyectos de lujo de Miami desde la crisis de 2008.",
            "Los corredores consultados advierten, sin embargo, que el costo de los seguros y de las cuotas de mantenimiento pesará cada vez más en la decisión de quienes compran para alquilar.",
        ],
    },
    {
        "slug": "correr-en-verano-sin-terminar-en-urgencias",
        "translation_of": "heat-stroke-summer-runners",
        "category": "health",
        "headline": "Cómo correr en el verano de Miami sin terminar en urgencias",
        "standfirst": "Los médicos de Jackson atendieron este año un número récord de golpes de calor. Esto es lo que quieren que sepan los corredores.",
        "authors": ["priya-raman"],
        "tags": ["Bienestar", "Clima"],
        "paragraphs": [
            "El golpe de calor no avisa con tiempo. Primero llegan el mareo y los calambres; después, la confusión. Cuando un corredor deja de sudar en pleno julio, ya está en peligro.",
            "La regla más sencilla es también la más ignorada: salir antes de las siete de la mañana o después de la puesta del sol, y beber agua antes de tener sed. Con la humedad de Miami, el sudor no enfría el cuerpo como en un clima seco.",
            "Si un compañero se desorienta, hay que llamar al 911, llevarlo a la sombra y enfriarlo con agua y hielo sin esperar a la ambulancia. Los primeros treinta minutos deciden el resultado.",
        ],
    },
    {
        "slug": "ventanitas-de-la-pequena-habana",
        "translation_of": "little-havana-ventanita-guide",
        "category": "lifestyle/dining",
        "headline": "Doce ventanitas donde la Pequeña Habana todavía empieza el día",
        "standfirst": "Un cafecito, un pastelito y el chisme de la mañana: nuestra guía de las ventanillas que mantienen despierta la Calle Ocho.",
        "authors": ["camila-reyes"],
        "tags": ["Comida cubana", "Restaurantes"],
        "paragraphs": [
            "A las seis y media ya hay cola en la ventanita de la esquina de la 14 avenida. Nadie pide un menú: el colada se sirve en vaso de espuma con seis tacitas de plástico, para compartir con quien esté al lado.",
            "Recorrimos la Calle Ocho y sus transversales durante dos semanas, de madrugada y por la tarde, para escoger las doce que no pueden faltar. Algunas tienen setenta años; otra abrió el invierno pasado y ya tiene clientes fijos.",
            "El pastelito de guayaba con queso sigue siendo el rey, pero no deje de probar la croqueta de jamón recién salida de la freidora. Y sí: se paga en efectivo y se saluda al entrar.",
        ],
    },
    {
        "slug": "fin-de-semana-en-eleuthera",
        "translation_of": "long-weekend-eleuthera",
        "category": "lifestyle/travel",
        "headline": "Un fin de semana largo en Eleuthera, a cuarenta minutos de Miami",
        "standfirst": "Arena rosada, carreteras vacías y pescado frito los viernes por la noche: la isla bahameña que todavía no ha descubierto todo el mundo.",
        "authors": ["camila-reyes"],
        "tags": ["Bahamas", "Escapadas"],
        "paragraphs": [
            "El avión despega de Opa-locka y, antes de que termine el café, ya se ve el agua turquesa del banco de Bahamas. Eleuthera es larga y estrecha: ciento setenta kilómetros de isla y casi nunca más de dos de ancho.",
            "Alquile un carro en el aeropuerto de Governor's Harbour y no haga demasiados planes. Las playas del lado del Atlántico tienen arena rosada y ni un solo quiosco; las del lado del Caribe, aguas tan quietas como una piscina.",
            "El viernes por la noche, todo el pueblo se reúne en el Fish Fry de Gregory Town. Pida el pargo entero con macarrones al horno y deje sitio para el pastel de piña.",
        ],
    },
    {
        "slug": "condado-aplaza-votacion-del-tren",
        "translation_of": "county-budget-transit-vote",
        "out_of_date": True,
        "category": "news/politics",
        "headline": "La comisión del condado aplaza por tercera vez la votación sobre el tren",
        "standfirst": "Al tren del Corredor Noreste todavía le faltan 300 millones de dólares, y la alcaldesa quiere que el estado cubra la diferencia.",
        "authors": ["elena-marquez"],
        "tags": ["Ayuntamiento"],
        "comments": "moderated",
        "paragraphs": [
            "Por tercera vez en seis meses, la comisión de Miami-Dade dejó sin votar el financiamiento del tren que uniría el centro de Miami con Aventura por las vías de la costa.",
            "La alcaldía sostiene que el proyecto no puede esperar otro año sin perder los fondos federales ya comprometidos. Varios comisionados, en cambio, quieren saber quién pagará el mantenimiento de las nuevas estaciones.",
            "Mientras tanto, los usuarios del Metrobús de la Biscayne Boulevard siguen esperando veinte minutos en hora punta. «Nos prometieron un tren hace diez años», dijo una vecina de El Portal.",
        ],
    },
    {
        "slug": "inter-miami-nuevo-estadio",
        "translation_of": "inter-miami-new-stadium-opening",
        "category": "sports",
        "headline": "El nuevo estadio del Inter Miami junto al aeropuerto: lo que deben saber los aficionados",
        "standfirst": "Estacionamiento, transporte público y qué se puede llevar: la guía para el primer partido en casa nueva.",
        "authors": ["james-whitfield"],
        "tags": ["Inter Miami"],
        "paragraphs": [
            "El estadio ocupa el antiguo campo de golf de Melreese, a cinco minutos de la terminal del aeropuerto. Tiene capacidad para 25.000 personas y un techo que cubre casi todas las gradas, algo que se agradece en los partidos de agosto.",
            "El club recomienda llegar en Metrorail hasta la estación de Earlington Heights y tomar desde allí los autobuses lanzadera, que saldrán cada diez minutos desde dos horas antes del pitido inicial.",
            "Solo se admiten bolsos transparentes, y no se podrá pagar en efectivo dentro del recinto. Las puertas abren noventa minutos antes de cada partido.",
        ],
    },
    {
        "slug": "seguros-condominios-nueva-subida",
        "translation_of": "hurricane-insurance-premiums-condo",
        "category": "real-estate",
        "headline": "Los dueños de condominios enfrentan otra ronda de aumentos en los seguros",
        "standfirst": "Las asociaciones de propietarios de la costa reciben renovaciones con subidas de hasta un 40 por ciento.",
        "authors": ["marcus-chen"],
        "tags": ["Seguros", "Condominios", "Temporada de huracanes"],
        "paragraphs": [
            "En los edificios de Sunny Isles y de Key Biscayne, las juntas de condominio están convocando reuniones de emergencia. Las renovaciones de las pólizas contra huracanes llegan con subidas que ninguna reserva había previsto.",
            "A esto se suman las inspecciones estructurales obligatorias desde el derrumbe de Surfside, que han obligado a muchos edificios a aprobar derramas de decenas de miles de dólares por apartamento.",
            "Algunos propietarios jubilados, que compraron hace treinta años, dicen que ya no pueden pagar y están vendiendo, a menudo a inversionistas que planean demoler y volver a construir.",
        ],
    },
    {
        "slug": "hora-del-cafecito-tres-y-cinco",
        "category": "lifestyle/dining",
        "headline": "Las 3:05: por qué Miami se detiene para el cafecito de la tarde",
        "standfirst": "El código de área se convirtió en una cita diaria. Lo celebran oficinas, hospitales y hasta el ayuntamiento.",
        "authors": ["camila-reyes"],
        "tags": ["Comida cubana", "Restaurantes"],
        "paragraphs": [
            "Nadie sabe muy bien quién empezó. Lo cierto es que a las tres y cinco de la tarde —305, como el código de área— media ciudad deja lo que está haciendo y busca un cafecito.",
            "En las oficinas de Brickell lo trae el último que llegó de almorzar; en la sala de enfermeras del hospital, una colada compartida en vasitos. Hay empresas que lo anotan en el calendario como si fuera una reunión.",
            "Para los que llegaron de fuera, es la forma más rápida de entender Miami: un café fuerte, dulce y corto, y cinco minutos de conversación con alguien con quien no habría hablado de otro modo.",
        ],
    },
    {
        "slug": "feria-del-libro-vuelve-al-centro",
        "category": "lifestyle",
        "headline": "La Feria del Libro vuelve al centro con autores de toda América Latina",
        "standfirst": "Durante ocho días, el campus Wolfson del Miami Dade College se llena de presentaciones, talleres y lecturas en español y en inglés.",
        "authors": ["camila-reyes"],
        "tags": ["Turismo"],
        "paragraphs": [
            "Es una de las ferias literarias más antiguas del país y, para muchos escritores latinoamericanos, la puerta de entrada al público de Estados Unidos. Este año participan más de cuatrocientos autores.",
            "El programa en español ocupa casi la mitad de las sesiones: novelistas de Colombia y de Venezuela, poetas cubanos de las dos orillas y una jornada dedicada a la literatura infantil.",
            "La calle de los editores, con sus casetas entre los edificios del campus, abre el fin de semana con entrada libre. Las presentaciones de la noche requieren reserva gratuita en la web de la feria.",
        ],
    },
    {
        "slug": "minitemporada-de-langosta",
        "category": "boats",
        "headline": "Minitemporada de langosta: reglas, límites y dónde no se puede bucear",
        "standfirst": "Dos días al año, miles de buzos aficionados salen a buscar langosta espinosa. Estas son las normas que la patrulla revisará en los muelles.",
        "authors": ["daniel-okafor"],
        "tags": ["Pesca deportiva", "Key Biscayne"],
        "paragraphs": [
            "La minitemporada se celebra el último miércoles y jueves de julio, antes de que se abra la temporada comercial. En los Cayos, las rampas de botadura se llenan desde la madrugada.",
            "El límite es de seis langostas por persona y día en el condado de Monroe, y de doce en el resto del estado. Hay que medir el caparazón bajo el agua, y las hembras con huevos se devuelven siempre.",
            "En el Parque Nacional de Biscayne y en las zonas protegidas del santuario de los Cayos está prohibido capturarlas. Lleve la bandera de buceo bien visible: la guardia costera multa a quien no la lleve.",
        ],
    },
    {
        "slug": "hialeah-estrena-circulador-gratuito",
        "category": "news/headlines",
        "headline": "Hialeah estrena una nueva ruta de su circulador gratuito hacia el Metrorail",
        "standfirst": "La ruta une los barrios del oeste de la ciudad con la estación de Okeechobee cada quince minutos.",
        "authors": ["elena-marquez"],
        "tags": ["Ayuntamiento"],
        "paragraphs": [
            "Los vecinos del oeste de Hialeah llevaban años pidiendo una forma de llegar al tren sin carro. Desde el lunes, los autobuses del circulador municipal recorren una nueva ruta que termina en la estación de Okeechobee.",
            "El servicio es gratuito, funciona de seis de la mañana a ocho de la noche de lunes a sábado y los autobuses tienen espacio para sillas de ruedas y bicicletas.",
            "La ciudad lo paga con el medio centavo del impuesto de transporte del condado. Si la demanda lo justifica, el ayuntamiento estudiará ampliar el horario a los domingos.",
        ],
    },
    {
        "slug": "mosquitos-en-casa-temporada-de-lluvias",
        "category": "health",
        "headline": "Cómo proteger su casa de los mosquitos en la temporada de lluvias",
        "standfirst": "Un plato de maceta con agua basta para criar cientos. La clave está en vaciar, tapar y revisar cada semana.",
        "authors": ["priya-raman"],
        "tags": ["Bienestar", "Clima"],
        "paragraphs": [
            "El mosquito Aedes aegypti, que transmite el dengue, no viene del pantano: se cría en el patio. Pone sus huevos en cualquier recipiente con un poco de agua limpia, y los huevos sobreviven meses secos.",
            "Una vez por semana, vacíe y friegue los platos de las macetas, los bebederos de los animales y los juguetes del jardín. Tape los barriles de agua de lluvia y limpie las canaletas del techo.",
            "Si tiene fiebre alta, dolor detrás de los ojos o manchas en la piel después de un viaje o de varias picaduras, consulte a su médico y evite el ibuprofeno hasta que descarten el dengue.",
        ],
    },
    {
        "slug": "marlins-academia-beisbol-pequena-habana",
        "category": "sports",
        "headline": "Los Marlins abren una academia de béisbol juvenil en la Pequeña Habana",
        "standfirst": "El programa, gratuito, ofrecerá entrenamiento y clases de apoyo escolar a doscientos niños del barrio.",
        "authors": ["james-whitfield"],
        "tags": ["Marlins"],
        "paragraphs": [
            "A pocas cuadras del estadio, en un parque municipal que llevaba años sin uso, los Marlins inauguraron el sábado su academia para jugadores de ocho a dieciséis años.",
            "Los entrenadores son antiguos jugadores de ligas menores, varios de ellos criados en el mismo barrio. Por las tardes, los niños practican en el terreno; antes, pasan una hora con tutores que les ayudan con las tareas.",
            "«Aquí el béisbol es parte de la familia», dijo uno de los entrenadores, nacido en Cienfuegos. «Lo que queremos es que sigan en la escuela y que el juego sea el premio».",
        ],
    },
    {
        "slug": "yates-de-alquiler-para-fin-de-ano",
        "category": "yachts",
        "headline": "Fin de año en el agua: los yates de alquiler ya están reservados",
        "standfirst": "Quien quiera ver los fuegos artificiales de la bahía desde cubierta tendrá que conformarse con un barco más pequeño o con otra fecha.",
        "authors": ["sophie-laurent"],
        "tags": ["Alquiler de barcos", "Superyates"],
        "paragraphs": [
            "A mediados de noviembre, las agencias de alquiler de Miami Beach ya no tienen yates de más de treinta metros libres para la noche del 31 de diciembre. Los pocos que quedan piden tres veces la tarifa habitual.",
            "La demanda llega sobre todo de grupos de Nueva York y de América Latina que combinan la semana de Art Basel con las fiestas. Muchos reservaron en verano, antes de conocer siquiera sus planes de vuelo.",
            "Los capitanes recuerdan que la Guardia Costera cierra parte de la bahía durante los fuegos artificiales, así que conviene fondear con tiempo y llevar la tripulación completa.",
        ],
    },
]

# The library pictures' captions in Spanish, by their English caption (the scene):
# a Spanish story gives its picture the Spanish one.
SCENE_CAPTIONS_ES = {
    "Sunrise over Biscayne Bay": "Amanecer sobre la bahía de Biscayne",
    "Dusk at the marina": "Atardecer en la marina",
    "Midday off Key Biscayne": "Mediodía frente a Key Biscayne",
    "Storm clouds over the Everglades": "Nubes de tormenta sobre los Everglades",
    "Brickell at blue hour": "Brickell a la hora azul",
    "Palm shade on Ocean Drive": "Sombra de palmeras en Ocean Drive",
    "Regatta morning": "Mañana de regata",
    "Golden hour at Fisher Island": "Hora dorada en Fisher Island",
    "The Grove at noon": "Coconut Grove al mediodía",
    "Night lights on the causeway": "Luces nocturnas en la calzada",
    "Flats at low tide": "Bajíos con la marea baja",
    "Harbour at first light": "El puerto con las primeras luces",
}

# Newsletter readers of the demo, each signed up on a page of their edition
# (example.com addresses: nothing is ever delivered to them).
SUBSCRIBERS = [
    {"email": "ana.gutierrez@example.com", "name": "Ana Gutiérrez", "language": "es"},
    {"email": "jorge.pineda@example.com", "name": "Jorge Pineda", "language": "es"},
    {"email": "lucia.ferrer@example.com", "name": "Lucía Ferrer", "language": "es"},
    {"email": "rafael.soto@example.com", "name": "", "language": "es"},
    {"email": "hannah.cole@example.com", "name": "Hannah Cole", "language": "en"},
    {"email": "mike.duval@example.com", "name": "Mike Duval", "language": "en"},
]

# One edition written for the Spanish edition's readers, a draft ready to send.
EDITION_ES = {
    "language": "es",
    "subject": "Esta semana en Miami: diques, ventanitas y langosta",
    "preheader": "El plan de diques de Miami Beach, doce ventanitas y la minitemporada.",
    "intro": "Buenos días desde la redacción. Estas son las historias de la semana "
    "en nuestra edición en español.",
    "stories": [
        "miami-beach-aprueba-plan-de-diques",
        "ventanitas-de-la-pequena-habana",
        "minitemporada-de-langosta",
        "hialeah-estrena-circulador-gratuito",
        "seguros-condominios-nueva-subida",
    ],
}
