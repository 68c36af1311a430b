"""The fictional corpus of the loopback news site (tests/servers/newssite.py).

Everything here was written for newsdesk's tests: the town of Harbourford, its people,
its ferry and its seals are invented, and no sentence is copied from a real site. Each
story is `(slug, title, author, tags, paragraphs)`; the first paragraph feeds the teaser.

`ENGLISH` is the /news/ section, newest first; `EUROPEAN` (French, German) and `PERSIAN`
have their own sections; `PAYWALLED`, `PDF_REPORT` and `PRIVATE` are the special pages.
"""

from __future__ import annotations

Story = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]

SITE_NAME = "The Harbourford Courier"
SITE_NAME_FA = "پیک هاربرفورد"

ENGLISH: tuple[Story, ...] = (
    ("winter-ferry-timetable-adds-early-crossing",
     "Winter ferry timetable adds an early crossing to Gull Island", "Mara Lindqvist",
     ("transport", "ferry"),
     ("From the first Monday of March the ferry to Gull Island will leave the east pier at "
      "6.10 in the morning, forty minutes earlier than today, so that island pupils and "
      "nurses on the early shift no longer have to stay overnight in town.",
      "The operator said the extra crossing became possible after the second crew was "
      "trained on the new vessel during the autumn. The last evening sailing keeps its "
      "current time, and fares are unchanged until the end of the year.",
      "Islanders had asked for the change at three parish meetings in a row. Their "
      "spokesperson, a retired harbour pilot, called the new timetable a small thing that "
      "makes a long day shorter for about sixty people.")),
    ("central-library-reopens-after-renovation",
     "Central library reopens after eighteen months of renovation", "Tomas Okafor",
     ("culture", "library"),
     ("The central library on Chandler Street opened its doors again on Saturday with a "
      "new reading room under the restored glass roof, a children's floor with a puppet "
      "theatre and longer opening hours on weekday evenings.",
      "Builders replaced the leaking roof, the heating and all of the wiring, and found a "
      "sealed cellar with ledgers from the old customs house, which are now being "
      "catalogued by volunteers from the local history society.",
      "More than nine hundred people came through the doors on the first day. The head "
      "librarian said the busiest shelf by far was the one with repair manuals.")),
    ("harbourford-bakery-wins-rye-prize",
     "Harbourford bakery wins regional prize for its rye loaf", "Priya Raman",
     ("business", "food"),
     ("A family bakery on Net Lane has won the regional bread award for a dark rye loaf "
      "baked with seeds from the allotments behind the school, beating forty-two entries "
      "from across the coast.",
      "The judges praised the crust and the slightly sour crumb. The baker, who took over "
      "the shop from her uncle six years ago, said the recipe needs two days and a great "
      "deal of patience, which is why the loaf is only sold on Fridays.",
      "The prize comes with a week of baking classes, which the family has promised to "
      "pass on to two apprentices from the vocational college.")),
    ("tide-gauge-east-pier-readings-every-minute",
     "New tide gauge on the east pier sends readings every minute", "Jonah Whitcombe",
     ("harbour", "science"),
     ("A radar tide gauge installed on the east pier now publishes the water level every "
      "minute, replacing a float gauge that had been read by hand since the nineteen "
      "sixties.",
      "The harbour master said the readings will help pilots time the entry of deep "
      "vessels and give earlier warning of surges during winter storms. The old gauge "
      "will stay in place as a backup and as a piece of local history.",
      "Schools can use the data in lessons; the sailing club has already added a live "
      "chart to the noticeboard in its clubhouse.")),
    ("northgate-pupils-robot-national-final",
     "Pupils from Northgate School take their robot to the national final", "Elena Sousa",
     ("education", "technology"),
     ("A team of six pupils from Northgate School has qualified for the national robotics "
      "final with a machine that sorts recycling by colour and weight, built mostly from "
      "parts of two broken printers.",
      "The robot, nicknamed Gulliver, sorted two hundred items without a mistake in the "
      "regional round. Its builders spent their Easter holidays rewriting the software "
      "after it confused green glass with a tennis ball.",
      "The school is collecting money for the trip to the final, which takes place in "
      "May. A local engineering firm has offered to pay for the van.")),
    ("mill-street-bridge-closes-for-repairs",
     "Mill Street bridge closes for three weeks of deck repairs", "Felix Brandt",
     ("roads", "transport"),
     ("The Mill Street bridge will be closed to cars and bicycles for three weeks from "
      "next Tuesday while the deck is resurfaced and two expansion joints are replaced.",
      "Pedestrians can still cross on a temporary walkway on the north side. Drivers are "
      "asked to follow the signed diversion over the Weir Road bridge, which adds about "
      "ten minutes at busy times.",
      "The council's engineer said the repairs were planned after last year's inspection "
      "and that the bridge is safe; the work is being done now to avoid the summer "
      "season.")),
    ("allotment-holders-turn-car-park-into-garden",
     "Allotment holders turn an empty car park into a community garden", "Mara Lindqvist",
     ("environment", "community"),
     ("The gravel car park behind the old cinema, empty since the cinema closed, has been "
      "turned into a community garden with thirty raised beds, a tool shed and a "
      "rainwater tank.",
      "The allotment association signed a five-year lease with the owner for a symbolic "
      "rent of one basket of vegetables a year. Beds are shared between families from "
      "the flats nearby and a day centre for older residents.",
      "The first potatoes went in last week. Volunteers meet every Sunday morning and "
      "say that anyone who turns up with gloves is welcome.")),
    ("youth-orchestra-first-concert-market-hall",
     "Youth orchestra plays its first concert in the restored market hall", "Tomas Okafor",
     ("culture", "music"),
     ("Eighty young musicians filled the restored market hall on Sunday for the first "
      "concert held there in more than twenty years, playing a programme of sea shanties "
      "arranged for full orchestra.",
      "The hall's wooden ceiling, uncovered during the restoration, gives the room a warm "
      "sound that the conductor compared to a violin body. Tickets sold out within a day.",
      "The orchestra plans to return in the autumn, and the market traders' association "
      "has asked whether rehearsals could be held on market days.")),
    ("glass-collection-moves-to-fortnightly",
     "Glass collection moves to fortnightly from March", "Priya Raman",
     ("council", "recycling"),
     ("Green glass boxes will be emptied every second week instead of every week from "
      "March, the council has confirmed, after a year in which most boxes were collected "
      "less than half full.",
      "The savings will pay for a second collection of garden waste in the summer months. "
      "Households that produce more glass can ask for a second box free of charge.",
      "Collection days will be printed on a new calendar delivered with the next council "
      "newsletter.")),
    ("route-7-bus-every-twenty-minutes",
     "Route 7 bus to run every twenty minutes on weekdays", "Jonah Whitcombe",
     ("transport", "bus"),
     ("Buses on route 7 between the railway station and the hospital will run every "
      "twenty minutes on weekdays from the spring timetable change, up from every half "
      "hour.",
      "Two new electric buses will join the route, charged overnight at the depot on "
      "Foundry Road. The first bus will leave the station at 5.40 so that hospital staff "
      "can reach the early shift.",
      "Passenger numbers on the route have grown by a quarter since the hospital's new "
      "outpatient wing opened.")),
    ("museum-exhibition-three-centuries-harbour-maps",
     "Museum exhibition shows three centuries of harbour maps", "Elena Sousa",
     ("culture", "history"),
     ("The town museum has opened an exhibition of sixty harbour maps, the oldest drawn "
      "by hand in 1731, showing how the quays, sandbanks and fishermen's cottages moved "
      "over three hundred years.",
      "Several maps were lent by families who found them in attics after a call for "
      "material last year. One shows a channel that silted up in the eighteen forties "
      "and is now the bowling green.",
      "Visitors can compare the maps with a large aerial photograph printed on the floor "
      "of the main gallery. The exhibition runs until the end of September.")),
    ("volunteers-relight-old-lighthouse-lamp",
     "Volunteers relight the old lighthouse lamp for one evening", "Felix Brandt",
     ("history", "harbour"),
     ("The lamp of the old lighthouse on Beacon Point shone again for one evening on "
      "Friday, sixty years after it was switched off, thanks to volunteers who spent two "
      "winters cleaning the lenses.",
      "Hundreds of people watched from the promenade as the beam swept across the bay. "
      "The volunteers used a modern bulb behind the original glass, and the coastguard "
      "was told in advance so that no sailor would be confused.",
      "The group hopes to open the tower for guided visits next summer once the stairs "
      "have been checked.")),
    ("chess-club-fifty-years-simultaneous-match",
     "Chess club marks fifty years with a simultaneous match in the square", "Mara Lindqvist",
     ("community", "games"),
     ("The Harbourford chess club celebrated its fiftieth year on Saturday with a "
      "simultaneous match in Fountain Square, where its strongest player took on "
      "thirty-five opponents at once.",
      "She won thirty-one games, drew three and lost one, to a nine-year-old who had "
      "learned the game during the winter holidays. The club said it would frame the "
      "score sheet.",
      "New members meet on Tuesday evenings in the back room of the library; boards and "
      "tea are provided.")),
    ("council-approves-cycle-lanes-quay-road",
     "Council approves protected cycle lanes on Quay Road", "Tomas Okafor",
     ("roads", "cycling"),
     ("The council has approved protected cycle lanes along the full length of Quay "
      "Road, separated from traffic by a low kerb and planted boxes, with work due to "
      "start in the summer.",
      "Parking on one side of the road will be removed, and loading bays will be added "
      "for the shops. Traders had asked for the bays during a consultation that drew "
      "more than four hundred replies.",
      "The lanes will link the ferry terminal with the railway station and the college "
      "campus.")),
    ("burst-water-main-floods-tanners-lane",
     "Burst water main floods part of Tanner's Lane", "Priya Raman",
     ("utilities", "roads"),
     ("A burst water main flooded part of Tanner's Lane early on Wednesday, leaving "
      "about forty homes without water for most of the morning and turning the lower end "
      "of the lane into a shallow stream.",
      "Engineers from the water company isolated the pipe within two hours and supply "
      "was restored by lunchtime. Two cellars were pumped out by the fire service.",
      "The company said the pipe, laid in the nineteen thirties, was already on its list "
      "for replacement next year.")),
    ("harbour-dredging-after-spring-tides",
     "Harbour dredging to start after the spring tides", "Jonah Whitcombe",
     ("harbour", "environment"),
     ("Dredging of the inner harbour will begin after the spring tides next month, "
      "removing silt that has made the western berths too shallow for the larger fishing "
      "boats at low water.",
      "The silt will be tested and, if clean, used to rebuild the dunes at North Sands, "
      "which lost several metres in the winter storms.",
      "Work will take place only in daylight hours and is expected to last six weeks. "
      "Berth holders have been told where to moor in the meantime.")),
    ("community-choir-second-coastal-festival",
     "Harbourford community choir places second at coastal festival", "Elena Sousa",
     ("culture", "music"),
     ("The Harbourford community choir came second out of fifteen choirs at the coastal "
      "music festival on Saturday, singing a piece written for it by a local composer.",
      "The choir, which has fifty members aged from sixteen to eighty-eight, rehearses in "
      "the church hall on Thursday evenings and does not hold auditions.",
      "Its director said the result was a reward for a winter of rehearsals in a hall "
      "whose heating only worked on alternate weeks.")),
    ("sandbags-available-ahead-of-weekend-storm",
     "Sandbags available at three depots ahead of weekend storm", "Felix Brandt",
     ("weather", "council"),
     ("Residents in low-lying streets can collect sandbags from three council depots "
      "ahead of the storm expected on Saturday night, when gusts of up to ninety "
      "kilometres an hour and a high tide are forecast together.",
      "The depots on Foundry Road, Marsh Lane and at the leisure centre will be open "
      "until eight in the evening on Friday and Saturday. Each household may take up to "
      "ten bags.",
      "The promenade will be closed to cars from Saturday afternoon, and the ferry "
      "operator has warned that the last crossing may be cancelled.")),
    ("art-trail-twelve-studios-rope-walk",
     "Art trail invites visitors into twelve studios along the old rope walk", "Mara Lindqvist",
     ("culture", "art"),
     ("Twelve artists working in the long sheds of the old rope walk will open their "
      "studios to visitors on the first weekend of April, showing ceramics, prints, "
      "furniture and one very large kite.",
      "A printed map marks each studio with a blue flag. Several artists will give short "
      "demonstrations, and the kite maker has promised a test flight if the wind allows.",
      "Entry is free; the café at the end of the walk will donate its takings to the "
      "lifeboat station.")),
    ("new-childrens-clinic-hospital-campus",
     "New children's clinic opens on the hospital campus", "Tomas Okafor",
     ("health", "hospital"),
     ("A new children's clinic has opened on the hospital campus, bringing outpatient "
      "appointments, a small day ward and a therapy garden together in one single-storey "
      "building.",
      "Families previously had to travel to the city for many appointments. The clinic's "
      "lead nurse said the waiting room was designed with the help of a group of "
      "children, who asked for an aquarium and got one.",
      "The clinic is open on weekdays, and appointments are made through family doctors.")),
    ("solar-panels-school-roofs-third-electricity",
     "Solar panels on school roofs cover a third of their electricity", "Priya Raman",
     ("energy", "education"),
     ("Solar panels fitted on the roofs of four schools last summer produced about a "
      "third of the electricity the schools used over the year, according to figures "
      "presented to the education committee.",
      "The panels produce most in the months when schools are closed, so the surplus is "
      "sold to the grid. The money will pay for insulation work at the two oldest "
      "buildings.",
      "Pupils at one school built a display in the entrance hall showing the output of "
      "the panels in real time.")),
    ("heritage-tram-returns-seafront",
     "Heritage tram returns to the seafront for summer weekends", "Jonah Whitcombe",
     ("transport", "history"),
     ("The restored heritage tram will run along the seafront on summer weekends again, "
      "after a two-year break while its track was relaid and its wooden seats were "
      "rebuilt.",
      "The tram, built in 1912, carries thirty-two passengers and is driven by volunteers "
      "trained by the tramway society. Rides take twenty minutes from the pier to the "
      "lighthouse and back.",
      "Tickets can be bought on board; children under five ride free.")),
    ("record-seal-pups-counted-sandbanks",
     "Record number of seal pups counted on the sandbanks", "Elena Sousa",
     ("nature", "environment"),
     ("Volunteers counted one hundred and twelve grey seal pups on the sandbanks this "
      "winter, the highest number since counts began, during surveys carried out from a "
      "boat at a safe distance.",
      "The wildlife trust said calm weather in the pupping season helped, as did the "
      "voluntary closure of part of the beach to dog walkers.",
      "Visitors are asked to stay at least fifty metres away from seals resting on the "
      "beach and never to touch a pup.")),
    ("saturday-market-adds-stalls-local-growers",
     "Saturday market adds twenty stalls for local growers", "Felix Brandt",
     ("business", "food"),
     ("The Saturday market on Fountain Square will add twenty stalls reserved for "
      "growers and producers from within thirty kilometres of the town, starting on the "
      "first Saturday of May.",
      "Stall fees for the new pitches will be halved for the first season. The market "
      "manager said demand from small growers had been strong since the community garden "
      "opened.",
      "The market will also stay open an hour longer in the summer.")),
    ("astronomy-society-observatory-clear-fridays",
     "Astronomy society opens its observatory to the public on clear Fridays", "Mara Lindqvist",
     ("science", "community"),
     ("The astronomy society will open its small observatory on the hill above the golf "
      "course to the public on clear Friday evenings, with members on hand to explain "
      "what can be seen through the telescope.",
      "The society asks visitors to check its noticeboard at the library or ring the "
      "observatory after six on Fridays, because evenings are cancelled when clouds roll "
      "in.",
      "A red torch is recommended, and warm clothes are essential even in summer.")),
    ("lifeboat-crew-new-boathouse-west-slipway",
     "Lifeboat crew moves into new boathouse on the west slipway", "Jonah Whitcombe",
     ("harbour", "community"),
     ("The volunteer lifeboat crew has moved into its new boathouse on the west slipway, "
      "which lets the boat launch at any state of the tide instead of waiting for the "
      "water to rise.",
      "The old boathouse, built in 1898, will become a small museum about the station's "
      "rescues. Most of the money for the new building came from local collections over "
      "five years.",
      "The crew trains on Wednesday evenings and is looking for two more shore helpers.")),
    ("older-residents-reading-buddies-elm-road",
     "Older residents become reading buddies at Elm Road primary", "Elena Sousa",
     ("education", "community"),
     ("Twenty older residents now spend one morning a week at Elm Road primary school "
      "reading with pupils who need extra practice, in a scheme started by the school's "
      "parents' association.",
      "Teachers say the children read more confidently after a term, and several "
      "volunteers say the mornings have become the highlight of their week.",
      "The school would like to extend the scheme to the afternoons and is asking for "
      "more volunteers.")),
    ("athletic-club-new-floodlights-evening-matches",
     "Harbourford Athletic switches on new floodlights for evening matches", "Felix Brandt",
     ("sport", "football"),
     ("Harbourford Athletic played its first evening match under new floodlights on "
      "Tuesday, ending a rule that forced winter home games to kick off in the early "
      "afternoon.",
      "The lights use a third of the electricity of the old ones and are angled so that "
      "the houses behind the north stand stay dark.",
      "The club's youth teams will be able to train on weekday evenings all year.")),
)

JSONLD_ONLY_SLUG = "volunteers-relight-old-lighthouse-lamp"  # body only in JSON-LD
CANONICAL_ELSEWHERE_SLUG = "museum-exhibition-three-centuries-harbour-maps"

PAYWALLED: Story = (
    "inside-the-budget-where-the-money-goes",
    "Inside the budget: where the council's money goes this year", "Priya Raman",
    ("council", "investigation"),
    ("Our reporters went through all four hundred pages of this year's council budget "
     "line by line to find out which services grow, which shrink and what the numbers "
     "leave out.",))

PDF_REPORT: Story = (
    "courier-annual-report-2025",
    "The Courier's annual report 2025 (PDF)", "Tomas Okafor",
    ("about",),
    ("Our annual report for 2025, with figures on readers, corrections and the "
     "newsroom's budget, is available as a PDF document for download.",))

PRIVATE: Story = (
    "secret",
    "Draft: embargoed minutes of the harbour board", "Felix Brandt",
    ("draft",),
    ("This draft is embargoed and must not be published or crawled before the board "
     "approves the minutes.",
     "It sits under /private/, which robots.txt disallows for every user agent."))

EUROPEAN: tuple[tuple[str, Story], ...] = (
    ("fr", ("festival-voile-public-record-quais",
            "Le festival de voile attire un public record sur les quais", "Camille Durand",
            ("voile", "événements"),
            ("Plus de douze mille personnes se sont pressées sur les quais ce week-end pour "
             "le festival de voile, un record depuis la création de la manifestation il y a "
             "vingt ans.",
             "Quarante voiliers anciens ont défilé dans la baie avant une régate disputée "
             "par un vent régulier. Les bénévoles du club nautique ont servi près de trois "
             "mille crêpes.",
             "Les organisateurs envisagent d'ajouter une journée l'an prochain pour éviter "
             "l'affluence du dimanche après-midi."))),
    ("de", ("neuer-radweg-uferpromenade-freigegeben",
            "Neuer Radweg entlang der Uferpromenade freigegeben", "Lukas Hartmann",
            ("Verkehr", "Radverkehr"),
            ("Der neue Radweg entlang der Uferpromenade ist seit Montag befahrbar. Auf "
             "zwei Kilometern trennt nun ein Grünstreifen Radfahrer und Fußgänger, die sich "
             "den Weg bisher teilen mussten.",
             "Die Bauarbeiten dauerten sieben Monate und blieben im Kostenrahmen. Entlang "
             "der Strecke wurden außerdem zwölf neue Bänke und drei Fahrradständer "
             "aufgestellt.",
             "Der Fahrradclub lobte die Planung, wünscht sich aber eine bessere Beleuchtung "
             "am nördlichen Ende."))),
    ("fr", ("mediatheque-prolonge-horaires-samedi",
            "La médiathèque prolonge ses horaires le samedi", "Camille Durand",
            ("culture", "bibliothèque"),
            ("À partir du mois prochain, la médiathèque restera ouverte jusqu'à dix-neuf "
             "heures le samedi, deux heures de plus qu'aujourd'hui, pour répondre à la "
             "demande des familles et des étudiants.",
             "Deux postes à temps partiel ont été créés pour assurer ces nouveaux horaires. "
             "L'espace jeux vidéo sera lui aussi accessible en soirée.",
             "Une enquête auprès des lecteurs avait placé le samedi en tête des souhaits."))),
    ("de", ("kammerchor-probt-fruehjahrskonzert",
            "Kammerchor probt für das Frühjahrskonzert im Rathaussaal", "Lukas Hartmann",
            ("Kultur", "Musik"),
            ("Der Kammerchor der Stadt probt seit Januar zweimal pro Woche für sein "
             "Frühjahrskonzert, das Ende März im frisch renovierten Rathaussaal stattfinden "
             "soll.",
             "Auf dem Programm stehen Volkslieder aus den Küstenregionen, neu gesetzt von "
             "einem Mitglied des Chores. Karten gibt es ab nächster Woche in der "
             "Stadtbibliothek.",
             "Der Chor sucht weiterhin Tenöre; Vorkenntnisse im Notenlesen sind nicht "
             "erforderlich."))),
)

PERSIAN: tuple[Story, ...] = (
    ("ketabkhaneh-markazi-bazgoshayi",
     "کتابخانه مرکزی شهر پس از بازسازی بازگشایی شد", "نرگس رحیمی",
     ("فرهنگی", "کتابخانه"),
     ("کتابخانه مرکزی شهر پس از هجده ماه بازسازی روز شنبه با تالار مطالعه‌ای تازه زیر سقف "
      "شیشه‌ای مرمت‌شده و طبقه‌ای ویژه کودکان دوباره به روی مردم باز شد.",
      "در جریان بازسازی، سقف، سامانه گرمایش و همه سیم‌کشی ساختمان عوض شد. داوطلبان انجمن "
      "تاریخ محلی اکنون دفترهای قدیمی گمرک را که در زیرزمین پیدا شد فهرست‌نویسی می‌کنند.",
      "در نخستین روز بیش از نهصد نفر به کتابخانه آمدند.")),
    ("bazar-keshavarzan-meydan-asli",
     "بازار هفتگی کشاورزان به میدان اصلی منتقل شد", "امید کاظمی",
     ("اقتصادی", "بازار"),
     ("بازار هفتگی کشاورزان از این هفته در میدان اصلی شهر برپا می‌شود و بیست غرفه تازه "
      "برای کشاورزان و تولیدکنندگان محلی به آن افزوده شده است.",
      "مدیر بازار گفت هزینه اجاره غرفه‌های تازه در فصل نخست نصف خواهد بود و بازار در "
      "تابستان یک ساعت بیشتر باز می‌ماند.",
      "فروشندگان از جابه‌جایی بازار استقبال کرده‌اند.")),
    ("قطار-تاریخی-ساحلی",
     "قطار تاریخی ساحلی دوباره راه افتاد", "نرگس رحیمی",
     ("گردشگری", "حمل و نقل"),
     ("قطار تاریخی ساحلی پس از دو سال توقف برای بازسازی ریل و صندلی‌های چوبی، از این هفته "
      "در روزهای تعطیل دوباره در امتداد ساحل حرکت می‌کند.",
      "این قطار که در سال ۱۹۱۲ ساخته شده سی و دو مسافر را جابه‌جا می‌کند و رانندگان آن "
      "داوطلبانی هستند که انجمن تراموا آموزش داده است.",
      "بلیت را می‌توان در خود قطار خرید و کودکان زیر پنج سال رایگان سوار می‌شوند.")),
    ("rasadkhaneh-shab-jomeh",
     "رصدخانه انجمن نجوم شب‌های جمعه به روی مردم باز است", "امید کاظمی",
     ("علمی", "نجوم"),
     ("انجمن نجوم شهر رصدخانه کوچک خود را در شب‌های صاف جمعه به روی مردم باز می‌کند و "
      "اعضای انجمن درباره آنچه با تلسکوپ دیده می‌شود توضیح می‌دهند.",
      "به دلیل لغو برنامه در شب‌های ابری، از بازدیدکنندگان خواسته شده پیش از آمدن تابلوی "
      "اعلانات انجمن در کتابخانه را ببینند.",
      "همراه داشتن لباس گرم حتی در تابستان ضروری است.")),
    ("pol-khiaban-asiab-baste-mishavad",
     "پل خیابان آسیاب برای تعمیر سه هفته بسته می‌شود", "سارا مرادی",
     ("شهری", "راه"),
     ("پل خیابان آسیاب از سه‌شنبه آینده به مدت سه هفته برای روکش تازه عرشه و تعویض دو "
      "درز انبساط به روی خودروها و دوچرخه‌ها بسته می‌شود.",
      "عابران پیاده می‌توانند از گذرگاه موقت در سمت شمالی پل عبور کنند و رانندگان باید "
      "از مسیر جایگزین پل بند استفاده کنند.",
      "مهندس شهرداری گفت پل ایمن است و تعمیرات پیش از فصل تابستان انجام می‌شود.")),
    ("tole-fok-ha-rekord",
     "شمار توله‌فک‌ها روی شن‌زارها رکورد زد", "سارا مرادی",
     ("محیط زیست", "طبیعت"),
     ("داوطلبان امسال صد و دوازده توله‌فک خاکستری را روی شن‌زارهای ساحل شمردند که "
      "بیشترین شمار از زمان آغاز سرشماری است.",
      "به گفته انجمن حیات وحش، هوای آرام در فصل زادآوری و بسته شدن داوطلبانه بخشی از "
      "ساحل به روی صاحبان سگ به این رکورد کمک کرد.",
      "از بازدیدکنندگان خواسته شده دست‌کم پنجاه متر از فک‌ها فاصله بگیرند.")),
)

COMMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("Harbour regular", "Good to see this covered. Thanks for the clear write-up."),
           ("Anne from Marsh Lane", "Does anyone know whether this affects the Sunday service?")),
    "fr": (("Lecteur fidèle", "Merci pour cet article, très clair."),
           ("Jeanne", "Quelqu'un sait si c'est pareil le dimanche ?")),
    "de": (("Stammleser", "Danke für den Bericht, sehr informativ."),
           ("Petra aus der Altstadt", "Gilt das auch am Wochenende?")),
    "fa": (("خواننده همیشگی", "ممنون از گزارش خوبتان."),
           ("مریم", "آیا این برنامه در روزهای جمعه هم ادامه دارد؟")),
}
