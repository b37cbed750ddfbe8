import { beforeAll, describe, expect, it } from 'vitest';
import { redact, type RedactionKind, warmRedaction } from '../../src/privacy/index.ts';

const NAMES = ['Sarah Jones', 'Will Grant'];

/** [message, expected text]: realistic texts and call-transcript lines, redacted with NAMES. */
const CASES: Array<[string, string]> = [
  // phone numbers
  ['Call me back at +1 555-123-4567 please', 'Call me back at [phone] please'],
  ['my cell is (555) 123 4567', 'my cell is [phone]'],
  ['text 555.123.4567 or 5551234567, either works', 'text [phone] or [phone], either works'],
  ['UK number +44 20 7946 0958, mobile 07700 900123', 'UK number [phone], mobile [phone]'],
  ['1-555-123-4567 is my husband', '[phone] is my husband'],
  ['reach the front at 555-1234', 'reach the front at [phone]'],
  ['+44 (0)20 7946 0958 or 0044 20 7946 0958 from abroad', '[phone] or [phone] from abroad'],
  ['my number is +1 555 123 4567 18 holes booked', 'my number is [phone] 18 holes booked'],
  ['reach me at four one six, five five five, zero one nine nine, extension twelve. bye', 'reach me at [phone]. bye'],
  ["mon numéro c'est le cinq un quatre, cinq cinq cinq, zéro un huit trois.", "mon numéro c'est le [phone]."],
  ['my number in France is plus three three, six, twelve, thirty-four, fifty-six, seventy-eight', 'my number in France is [phone]'],
  [
    'we got there at seven thirty and played eighteen holes, twenty five minutes late',
    'we got there at seven thirty and played eighteen holes, twenty five minutes late',
  ],
  ["it's fine it's four five three two, uh, one one two two, three three four four, five five six six", "it's fine it's [card]"],
  ['area code four one six, then five five five, oh one nine nine, uh, or text', 'area code [phone], uh, or text'],
  // emails
  ['email me at john.doe+golf@gmail.com thanks', 'email me at [email] thanks'],
  ['Receipt to MARY_K@Company.co.uk, cc ops@club-os.io', 'Receipt to [email], cc [email]'],
  ['email is l garcia 77 at gmail dot com, no spaces', 'email is [email], no spaces'],
  ['my email is dom underscore golf two four at yahoo dot ca bye', 'my email is [email] bye'],
  ['send it to grace dot lemieux at atlantic power dot ca, and the PO', 'send it to [email], and the PO'],
  ['we meet at the clubhouse at seven dot thirty', 'we meet at the clubhouse at seven dot thirty'],
  ['Card on file Mastercard ****4410 exp 08/27 or xxxx-xxxx-xxxx-1234', 'Card on file Mastercard [card] exp [card] or [card]'],
  ['the rating is 5 stars ****', 'the rating is 5 stars ****'],
  ['ok put in BKXR 442 for the ontario plate, hope thats right', 'ok put in [plate] for the ontario plate, hope thats right'],
  ["Customer: it's the blue one, MA16 PZY", "Customer: it's the blue one, [plate]"],
  ['booking BK-20931, can I park there? the plate is on the form', 'booking BK-20931, can I park there? the plate is on the form'],
  // spelled letter by letter
  ['My plate is Québec, F-four-seven, K-J-R. Please', 'My plate is Québec, [plate]. Please'],
  ['plate: Honda CR-V, C-H-Z-T, seven one five', 'plate: Honda CR-V, [plate]'],
  ["ok it's BK-22940, thanks", "ok it's BK-22940, thanks"],
  ['the email on the account is uh d as in david r e y e s at gmail dot com', 'the email on the account is uh [email]'],
  ['Caller: M as in Mike, O, R, G, A, N dot P at fastmail dot com.', 'Caller: [email].'],
  ['plate number is K as in kilo, L, M, three four five', 'plate number is [plate]'],
  ["that's J as in juliet, e, n, n, a", "that's [name]"],
  ['I got a b c on the test and plan A or B', 'I got a b c on the test and plan A or B'],
  // cards
  ['card 4111 1111 1111 1111 exp 12/26', 'card [card] exp [card]'],
  ['charge 5555-5555-5555-4444 for the 2 hours', 'charge [card] for the 2 hours'],
  ['amex 378282246310005 got declined', 'amex [card] got declined'],
  ['ref 4111-1111-1111-1112 failed', 'ref [card] failed'],
  // codes
  ['your door code is 4829#', 'your door code is [code]'],
  ['Gift card code: A7K2-99QZ', 'Gift card code: [code]'],
  ['promo code SAVE20 gives 20% off', 'promo code SAVE20 gives 20% off'],
  ['The door code for bay 3 tonight is 4829. See you at 7:30pm!', 'The door code for bay 3 tonight is [code]. See you at 7:30pm!'],
  ['Your access code to get into the building is 7731* see you soon', 'Your access code to get into the building is [code] see you soon'],
  ['gate code 1234-5678 or 9911', 'gate code [code] or [code]'],
  ['PIN NUMBER IS 9981', 'PIN NUMBER IS [code]'],
  ['the lock code:\n0042', 'the lock code:\n[code]'],
  ['passcode=GOLFNOW for the wifi', 'passcode=[code] for the wifi'],
  ['TrackMan shows error code 1234 on bay 2', 'TrackMan shows error code 1234 on bay 2'],
  ['the pin is 150 yards out on 18', 'the pin is 150 yards out on 18'],
  ['I tried the code 3 times', 'I tried the code 3 times'],
  ['booking 4829 for 2 players', 'booking 4829 for 2 players'],
  ['Lot gate wants a code now?? the one from my email, 40721, doesnt work', 'Lot gate wants a code now?? the one from my email, [code], doesnt work'],
  ['door code isnt working, booking 48291 at 7pm, since 2019 a member', 'door code isnt working, booking 48291 at 7pm, since 2019 a member'],
  [
    "Agent: The door code was texted to the organizer.\nAgent: Ok, I'll text it to you: it's five five two one then pound.",
    "Agent: The door code was texted to the organizer.\nAgent: Ok, I'll text it to you: it's [code].",
  ],
  ['pin goes out 30 min before. For tmrw it will be 6 1 9 3, keep it private', 'pin goes out 30 min before. For tmrw it will be [code], keep it private'],
  ['network BirdieBox underscore Guest, password is Tee Time four two', 'network BirdieBox underscore Guest, password is [code]'],
  ["what's the wifi password?\nAgent: it's fairway two zero two four, all lowercase", "what's the wifi password?\nAgent: it's [code], all lowercase"],
  ['the wifi is down in bay two, we are on hole seven eight nine', 'the wifi is down in bay two, we are on hole seven eight nine'],
  ['new door code, is it the booking number? like twenty-five one oh two?', 'new door code, is it the booking number? like twenty-five one oh two?'],
  ['its 0420 right? for the north door', 'its [code] right? for the north door'],
  ['master override for locker 12 is 5-5-0-9, then set your own', 'master override for locker 12 is [code], then set your own'],
  ['Gate lock is 3 turns right to 12 then left to 40 btw', 'Gate lock is [code] btw'],
  ['combo is turn right to twenty-one, left to five, right to thirty.', 'combo is [code].'],
  ['your temporary password for the app is Green-Tee-Nine-Nine, capital G', 'your temporary password for the app is [code], capital G'],
  ['turn left at the door, the bay is the 2nd on the right', 'turn left at the door, the bay is the 2nd on the right'],
  // addresses
  ['mail to 16 Wexford Crt, Brampton, Ontario L6Z 3K8', 'mail to [address]'],
  ['lives at 7821 SW 42nd Ter, Miami FL 33155 if you need', 'lives at [address] if you need'],
  ['send a cheque to 6200 avenue du Parc, appartement 11, Montréal, H2V 4H8', 'send a cheque to [address]'],
  ["I'm at 2217 Kingsway, Vancouver with my cousin, is that the closest location?", "I'm at [address] with my cousin, is that the closest location?"],
  ['mail the invite cards to 33 Birchmount Rd, Scarborough (this is me btw)', 'mail the invite cards to [address] (this is me btw)'],
  ["it's forty rue des Érables, Gatineau", "it's [address]"],
  ['the address is two two one seven Kingsway, Vancouver, V five N two T two, please send it there', 'the address is [address], please send it there'],
  ['123 Main St, Thanks again', '[address], Thanks again'],
  ["It's forty-two Wellington Street West, apartment four B, Toronto, M five V, one E three.", "It's [address]."],
  ['RR 2, 4418 Hwy 7, Sherbrooke NS B0J 3C0 for the delivery', '[address] for the delivery'],
  ['mail it to P O Box two fourteen, Antigonish, Nova Scotia', 'mail it to [address]'],
  ['4570, rue Saint-Denis, app. 3, Montréal (QC) H2J 2L3', '[address]'],
  ['we drove route 66 for 2 hours then took highway 7 to exit 12', 'we drove route 66 for 2 hours then took highway 7 to exit 12'],
  ['I live at 123 Main St, Springfield, IL 62704 if you need it', 'I live at [address] if you need it'],
  ['ship it to 42 Wallaby Way Apt 4, Sydney', 'ship it to [address]'],
  ['meet me at 88 n oak ave suite 200', 'meet me at [address]'],
  ['1600 Pennsylvania Avenue NW, Washington, DC 20500', '[address]'],
  ['221B Baker Street, London NW1 6XE', '[address]'],
  ['it is a 2 hours drive from 55 W 42nd St.', 'it is a 2 hours drive from [address].'],
  // names
  ['the kids are Tunde, Ade, and Olumide, plus my sister', 'the kids are [name], [name], and [name], plus my sister'],
  [
    'we have Toronto, Ottawa and Montreal locations; we take Visa, Mastercard and Amex',
    'we have Toronto, Ottawa and Montreal locations; we take Visa, Mastercard and Amex',
  ],
  ['Hey its Sam, Dana and Ioana are with me', 'Hey its [name], [name] and [name] are with me'],
  ['booking 4521 under patel', 'booking 4521 under [name]'],
  ["it's under warranty, she's in the under twelves", "it's under warranty, she's in the under twelves"],
  ['all thanks to coach ibrahim 🙌', 'all thanks to coach [name] 🙌'],
  ['for the invoice, attn: Mandeep Gill', 'for the invoice, attn: [name]'],
  ['Agent: Hi, is this Oluwadamilare?', 'Agent: Hi, is this [name]?'],
  ['hey jus wanted to say thanks', 'hey jus wanted to say thanks'],
  ['i think his name was Abdi, was super helpful', 'i think his name was [name], was super helpful'],
  ["its Dan again (Kasia's bf), the projector", "its [name] again ([name]'s bf), the projector"],
  ['Follow up w/ Ioana in billing.', 'Follow up w/ [name] in billing.'],
  ['do we get anything, me and Gurpreet are losing it', 'do we get anything, me and [name] are losing it'],
  ['lol my buddy jaspreet just hit a hole in one', 'lol my buddy [name] just hit a hole in one'],
  ['plz dont give away the bay. -kev', 'plz dont give away the bay. -[name]'],
  ['hi its Sam & maria, we found a ring', 'hi its [name] & [name], we found a ring'],
  ['me and friends are coming, this is rediculous', 'me and friends are coming, this is rediculous'],
  ['hey this is kev', 'hey this is [name]'],
  ['hi its grant, im the guy w the silver civic', 'hi its [name], im the guy w the silver civic'],
  ['yo its dre, new number, delete the old one', 'yo its [name], new number, delete the old one'],
  ["hi i'm amélie, my bf booked", "hi i'm [name], my bf booked"],
  ['Hey mark, u left ur wallet at the desk', 'Hey [name], u left ur wallet at the desk'],
  ['hi its me, door wont open', 'hi its me, door wont open'],
  ['hey its raining, can we cancel', 'hey its raining, can we cancel'],
  ['hey hun, its me', 'hey hun, its me'],
  ['locker 12, name on it is Ravi. last time it worked', 'locker 12, name on it is [name]. last time it worked'],
  ['hi this is jen, jen tremblay, I texted earlier', 'hi this is [name], [name], I texted earlier'],
  ['Yeah this is, uh, Mark, calling about bay 2', 'Yeah this is, uh, [name], calling about bay 2'],
  ["Hey, it's, it's Brayden. the door won't open", "Hey, it's, it's [name]. the door won't open"],
  ['Hi Sarah, your bay is ready', 'Hi [name], your bay is ready'],
  ['sarah jones booked bay 2; SARAH will be late', '[name] booked bay 2; [name] will be late'],
  ['will you check if Will or Mr Grant paid?', 'will you check if [name] or Mr [name] paid?'],
  ['my name is john and I am locked out', 'my name is [name] and I am locked out'],
  ['This is Mike Brennan from the front desk', 'This is [name] from the front desk'],
  ["I'm Priya, I'm Jake's mum", "I'm [name], I'm [name]'s mum"],
  ['Hey Carlos how do I restart the sim', 'Hey [name] how do I restart the sim'],
  ['The screen froze again\n- Dave', 'The screen froze again\n- [name]'],
  ['Great, it works now. Thanks, Jenny', 'Great, it works now. Thanks, [name]'],
  ['Cheers,\nTom', 'Cheers,\n[name]'],
  ['[00:00:03] Speaker 1: Hey Dana, this is Luis at ClubOS', '[00:00:03] Speaker 1: Hey [name], this is [name] at ClubOS'],
  ['booked under the name Okafor for 4 players', 'booked under the name [name] for 4 players'],
  // must NOT be redacted
  ['Bay 3 for 2 hours at 7:30pm on 12/05, 18 holes, 4 players, $40', 'Bay 3 for 2 hours at 7:30pm on 12/05, 18 holes, 4 players, $40'],
  ["I'm Sorry, I'm Here now but I'm Late", "I'm Sorry, I'm Here now but I'm Late"],
  ['Hey there, quick question about bay 4', 'Hey there, quick question about bay 4'],
  ['Hi Team, this is Bay 6 - Frozen', 'Hi Team, this is Bay 6 - Frozen'],
  ['Total $1,234.56 on 2024-05-12 at 10:30, order #5551234567', 'Total $1,234.56 on 2024-05-12 at 10:30, order #5551234567'],
  ['Bays 1-8 open 9-11pm, 100-1000 yards, 3 min walk', 'Bays 1-8 open 9-11pm, 100-1000 yards, 3 min walk'],
  ['dress code is casual, zip code 90210 area', 'dress code is casual, zip code [address] area'],
  ['it has been 20 mins and 2 balls went missing', 'it has been 20 mins and 2 balls went missing'],
  ["type the password exactly as it's printed on the sign", "type the password exactly as it's printed on the sign"],
  ['use code SPRING25 for 20% off any weekday booking', 'use code SPRING25 for 20% off any weekday booking'],
  // A gift card's code is money to whoever holds it; a booking reference and a time range are not codes.
  ['trying to use gift card GC-88XQ-2210 at checkout', 'trying to use gift card [code] at checkout'],
  ['booking BK-20931 for tonight, 5:50pm-8pm', 'booking BK-20931 for tonight, 5:50pm-8pm'],
  ['last_reviewed: 2000-01-01', 'last_reviewed: 2000-01-01'],
  ['Open daily 9am - Midnight', 'Open daily 9am - Midnight'],
  ["It's Frozen on the range screen, I am Stuck", "It's Frozen on the range screen, I am Stuck"],
  // several kinds in one message
  [
    'Hi Sarah, this is Mike. Your door code for bay 3 is 4829#. Call +1 555-123-4567 or email mike@example.com; we are at 123 Main St. Thanks, Mike',
    'Hi [name], this is [name]. Your door code for bay 3 is [code]. Call [phone] or email [email]; we are at [address]. Thanks, [name]',
  ],
  [
    'Customer: my name is Sarah Jones, card 4242 4242 4242 4242 was charged twice\nAgent: Sorry Sarah, refunds go to our team at refunds@club.com',
    'Customer: my name is [name], card [card] was charged twice\nAgent: Sorry [name], refunds go to our team at [email]',
  ],
  [
    "hey it's Will, locked out of 12 Oak Ave unit 3. gate code 5521 doesn't work. 555 867 5309",
    "hey it's [name], locked out of [address]. gate code [code] doesn't work. [phone]",
  ],
  // answers to a question that asked for personal data, on the next line of a transcript
  ['Agent: And the three digits on the back?\nCustomer: Seven seven eight.', 'Agent: And the three digits on the back?\nCustomer: [card].'],
  ['Agent: Expiry?\nCustomer: Oh eight, twenty-seven. It is a Visa.', 'Agent: Expiry?\nCustomer: [card]. It is a Visa.'],
  ['Agent: What code are you using?\nCustomer: Eight eight two six star', 'Agent: What code are you using?\nCustomer: [code]'],
  ['Agent: Can I have your date of birth?\nCaller: Uh, July nineteenth, eighty-eight.', 'Agent: Can I have your date of birth?\nCaller: [dob].'],
  ['Agent: And your billing ZIP?\nCustomer: Oh five four oh one, Burlington.', 'Agent: And your billing ZIP?\nCustomer: [address].'],
  ['Agent: How many players?\nCustomer: 4 of us, maybe 5.', 'Agent: How many players?\nCustomer: 4 of us, maybe 5.'],
  [
    'Agent: Which promo code did you use?\nCustomer: FAIRWAY25 from the newsletter',
    'Agent: Which promo code did you use?\nCustomer: FAIRWAY25 from the newsletter',
  ],
  ['Agent: What is your address?\nCustomer: sorry which one', 'Agent: What is your address?\nCustomer: sorry which one'],
  // an address or a birth date said as a statement
  ['My postal code is B three H, two Y nine.', 'My postal code is [address].'],
  [
    'the billing address is 1250, rue Sainte-Catherine Ouest, appartement 3, sorry, I am reading it off my licence',
    'the billing address is [address], sorry, I am reading it off my licence',
  ],
  ['my birthday is today, do we get a free hour?', 'my birthday is today, do we get a free hour?'],
  // names found by their place: a speaker's label, after "under", joined to a name, double given names
  ['Brayden: 7731# for the front, same code opens Bay 5', '[name]: [code] for the front, same code opens Bay 5'],
  ['Customer: the screen is black\nAgent: try the remote', 'Customer: the screen is black\nAgent: try the remote'],
  ['Booked Bay 4 for Fri 6pm under Raj, see you then', 'Booked Bay 4 for Fri 6pm under [name], see you then'],
  ['My friends Declan and Aoife are getting there first', 'My friends [name] and [name] are getting there first'],
  ['My wife, Mei-Ling, she is going first', 'My wife, [name], she is going first'],
  ['billing is 4570 rue Saint-Denis in the Plateau', 'billing is [address] in the Plateau'],
  ['ty so much Xiaoyu!! 🙏', 'ty so much [name]!! 🙏'],
  // given names that are also words, after a cue that wants a name; a nickname after an introduction; a name between dashes
  ['front desk said to ask for Frank when we get there', 'front desk said to ask for [name] when we get there'],
  ['can i book another session with Coach Dale next week', 'can i book another session with [name] next week'],
  ['Hi, this is the front desk calling for Hunter about a lost phone', 'Hi, this is the front desk calling for [name] about a lost phone'],
  ['bill here, the screen in bay 1 is frozen', '[name] here, the screen in bay 1 is frozen'],
  ['its dre again, still no hot water in the washroom', 'its [name] again, still no hot water in the washroom'],
  ['Front desk — Oksana — the lockers are open till 10', 'Front desk — [name] — the lockers are open till 10'],
  ['the amex ending 90 17 was charged twice', 'the amex ending [card] was charged twice'],
  // ... and the words where no cue wants a name
  ['this is ridiculous, the bay is still dark', 'this is ridiculous, the bay is still dark'],
  ['the pro shop closes at 9, the coach bus leaves at 10', 'the pro shop closes at 9, the coach bus leaves at 10'],
  ['summer hours start in june, will you be open late?', 'summer hours start in june, will you be open late?'],
  ['nobody here yet, is the door supposed to be locked?', 'nobody here yet, is the door supposed to be locked?'],
  ['OLIVIA AND MARCUS FROM THE 8PM SLOT, WE LEFT A HAT IN BAY 2', '[name] AND [name] FROM THE 8PM SLOT, WE LEFT A HAT IN BAY 2'],
  ['BAY AND SCREEN BOTH DEAD', 'BAY AND SCREEN BOTH DEAD'],
  // "Customer:" names a person in a form, but labels a speaker in a transcript
  ['Customer: Rhiannon Pryce\nBooking: bay 3, 7pm', 'Customer: [name]\nBooking: bay 3, 7pm'],
  ['Agent: Is the light green now?\nCustomer: Hang on, still orange', 'Agent: Is the light green now?\nCustomer: Hang on, still orange'],
  // names other languages' lists know, Capitalised; their words kept in lower case
  ['is Thiago working tonight? he has my putter', 'is [name] working tonight? he has my putter'],
  ['la pantalla de la bahía 3 no funciona', 'la pantalla de la bahía 3 no funciona'],
  ['do the bays have lefty and righty mats?', 'do the bays have lefty and righty mats?'],
  // a phone read out in groups, in French pairs, or said with its country code
  ['Caller: it is 6 0 4, 5 5 5, 0 1 7 9.', 'Caller: it is [phone].'],
  ['the scores were 4, 5, 3, 4 and we paid 120, 150, 1800 in all', 'the scores were 4, 5, 3, 4 and we paid 120, 150, 1800 in all'],
  ['rappelez-moi au quatre cinq zéro, cinq cinq cinq, soixante-dix-huit, quatre-vingt-douze svp', 'rappelez-moi au [phone] svp'],
  ['my number is plus two three four, eight zero three, five five five, one two three four', 'my number is [phone]'],
  // a surname after two particles; a name after a relation and a comma; a title, an initial and a surname
  ['please mail it to Theo van den Berg', 'please mail it to [name]'],
  ['My mom, Grace Adeyemi, wants a membership', 'My mom, [name], wants a membership'],
  ['NAME ON CARD MR J PATEL', 'NAME ON CARD MR [name]'],
  // a business's or an event's name is no person's
  ['hi this is Parbox support, is this your mom?', 'hi this is Parbox support, is this your mom?'],
  ['is the Ryder Cup on the big screen?', 'is the Ryder Cup on the big screen?'],
  ['booking for 6 at Markham tonight', 'booking for 6 at Markham tonight'],
  // a bare number in a message about being locked out; a Capitalised street whose name is a bay word
  ['ugh locked out AGAIN. 2580 not working. bay 6.', 'ugh locked out AGAIN. [code] not working. bay 6.'],
  ['invoice to 200 Bay St Suite 1400, thanks', 'invoice to [address], thanks'],
  ['mail it to 88 Bayview Ridge, Unit 4B', 'mail it to [address]'],
  ['it says version three point one four point two', 'it says version three point one four point two'],
  // a name answering a question that asked for one, remembered for the rest of the call
  [
    'Agent: Could I get your last name?\nCaller: Szczepańska.\nAgent: And the name on the account?\nCaller: Sorry, which one?\nAgent: Thanks, Ms. Szczepańska.',
    'Agent: Could I get your last name?\nCaller: [name].\nAgent: And the name on the account?\nCaller: Sorry, which one?\nAgent: Thanks, Ms. [name].',
  ],
  ['Agent: First name?\nCaller: Correct.', 'Agent: First name?\nCaller: Correct.'],
  // a name congratulated; a parent greeted is no name; a code that expires in minutes is no card's expiry
  ['can the message say Congratulations Bill, from the team?', 'can the message say Congratulations [name], from the team?'],
  // a given name before a surname found alone
  ['Booking for Ffion Jones, Caerdydd venue, 7pm.', 'Booking for [name] [name], Caerdydd venue, 7pm.'],
  ['我是王小明 (Xiaoming Wang). 门密码', '我是王小明 ([name] [name]). 门密码'],
  ['die Reservierung auf den Namen Jürgen Weber bitte', 'die Reservierung auf den Namen [name] bitte'],
  ['his gamer tag for the leaderboard is CianTheMan13.', 'his gamer tag for the leaderboard is [id].'],
  ['Card 5412 75•• •••• 3381, amount $35', 'Card [card], amount $35'],
  ['the screen is 1920x1080', 'the screen is 1920x1080'],
  ['mi matrícula es 4581 HGR, Kennzeichen ZH 498 712, номер машины М 482 КР 197.', 'mi matrícula es [plate], Kennzeichen [plate], номер машины [plate].'],
  ['at 1930 HRS we close', 'at 1930 HRS we close'],
  ['Agent: Hi, May Richardson here', 'Agent: Hi, [name] [name] here'],
  ['May Day is fun, in April Fools week', 'May Day is fun, in April Fools week'],
  ['Kan I sende faktura til mig? Nørrebrogade 112, 2. th., 2200 København N', 'Kan I sende faktura til mig? [address]'],
  ["Client: Mon adresse, c'est rue des Alliés 58, 1190 Forest.", "Client: Mon adresse, c'est [address]."],
  [
    'Kundeservice: Kan du gi meg de fire siste sifrene på kortet?\nKunde: Null, to, fem, åtte.',
    'Kundeservice: Kan du gi meg de fire siste sifrene på kortet?\nKunde: [card].',
  ],
  ["I'm in Boulevard Bay 4 now", "I'm in Boulevard Bay 4 now"],
  ['Kundtjänst: Vilken kod slår du?\nKund: Noll tre noll tre fyrkant.', 'Kundtjänst: Vilken kod slår du?\nKund: [code].'],
  ['Temsilci: Doğum tarihinizi alabilir miyim?\nArayan: On dokuz Mart doksan iki.', 'Temsilci: Doğum tarihinizi alabilir miyim?\nArayan: [dob].'],
  ['the handle on the club is loose', 'the handle on the club is loose'],
  ['Agent: Thank you, and the security number on the back?\nCaller: Two two one.', 'Agent: Thank you, and the security number on the back?\nCaller: [card].'],
  ['Temsilci: Doğrulama kodu geldi mi?\nArayan: Dört yüz on iki, altı yüz yetmiş dokuz.', 'Temsilci: Doğrulama kodu geldi mi?\nArayan: [code].'],
  ['pone 01/01/2000 y es el 17 de junio de 1994. Usuario: rocio_f. Gracias', 'pone [dob] y es el [dob]. Usuario: [id]. Gracias'],
  ['Vale, reservo por la web a nombre de Íñigo. Gracias.', 'Vale, reservo por la web a nombre de [name]. Gracias.'],
  ["it's got 'Property of Deano' written on the inside", "it's got 'Property of [name]' written on the inside"],
  ['a nombre de la empresa, property of the club', 'a nombre de la empresa, property of the club'],
  ['Hi Mom, running late. happy birthday Dad!', 'Hi Mom, running late. happy birthday Dad!'],
  ['your app PIN is 4471. It expires in 10 minutes.', 'your app PIN is [code]. It expires in 10 minutes.'],
  // a given name that is also a word as a speaker's label, unless a value follows it
  ['Grace: did you book for sat?\nDawn: yes', '[name]: did you book for sat?\n[name]: yes'],
  ['Bill: $40\nSummer: 9-5', 'Bill: $40\nSummer: 9-5'],
  // a name forwarded from, referred by, given as a contact or a field without "is", set off by commas after a role
  ['Fwd from Summer: the wifi is free', 'Fwd from [name]: the wifi is free'],
  ['Referral from Sunny Dhillon, she said to mention her', 'Referral from [name], she said to mention her'],
  ['contact is Quang Nguyen-Tran', 'contact is [name]'],
  ['it says Sunny but i go by Sunil now', 'it says Sunny but i go by [name] now'],
  ['charge the deposit, name on card Hyun-woo Park', 'charge the deposit, name on card [name]'],
  ['name on card is wrong', 'name on card is wrong'],
  ['a complaint from a member, Dawn Whitaker, about the AC', 'a complaint from a member, [name], about the AC'],
  ['Shoutout to the coach, Dawn, she fixed my slice', 'Shoutout to the coach, [name], she fixed my slice'],
  // Spanish digits; an extension read digit by digit; a street's direction or part after its type
  ['Mi número es el seis cuatro siete, cinco cinco cinco, cero uno cinco dos.', 'Mi número es el [phone].'],
  ['Reach me at 506 555 0117, extension 3 0 4. Thanks.', 'Reach me at [phone]. Thanks.'],
  ['mail it to 22 Baggot Street Upper, Dublin 4, D04 X2Y7', 'mail it to [address]'],
  ['it is 1250 Peachtree Street Northeast, suite 400', 'it is [address]'],
  // a one-time code sent in two halves
  ['your verification code is 884 213. It expires in 10 minutes.', 'your verification code is [code]. It expires in 10 minutes.'],
  ['door code 1234 and 5678', 'door code [code] and [code]'],
  // after a title, a lower-case word that is no surname stays
  ['Mr. Patel called about the refund', 'Mr. [name] called about the refund'],
  ['ask dr okafor tomorrow, or mrs smith nguyen', 'ask dr [name] tomorrow, or mrs [name]'],
  // prices after a question about a card; a software licence and a hexadecimal error code
  [
    'Caller: Can I buy a gift card here?\nAgent: Online, in $50, $100 or 200 dollars.',
    'Caller: Can I buy a gift card here?\nAgent: Online, in $50, $100 or 200 dollars.',
  ],
  ["It says 'License expired, error 0x80070005'.", "It says 'License expired, error 0x80070005'."],
  // Spanish and French: roles that label a line, a greeting, a title, a date of birth said in words, a particle opening a name
  [
    'Agente: ¿A nombre de quién?\nCliente: De Rocío Fernández.\nAgente: ¿Y la fecha de nacimiento?\nCliente: El doce de agosto de dos mil dieciséis.',
    'Agente: ¿A nombre de quién?\nCliente: De [name].\nAgente: ¿Y la fecha de nacimiento?\nCliente: [dob].',
  ],
  ['Cliente: Hola, gracias, señor Ibáñez', 'Cliente: Hola, gracias, señor [name]'],
  ['DOB: né le douze avril mille neuf cent quatre-vingt-huit', 'DOB: né le [dob]'],
  // a number removed once, read back in the other form
  [
    "Agent: What's the billing ZIP?\nCustomer: Nine four one one zero.\nAgent: 94110, thanks.",
    "Agent: What's the billing ZIP?\nCustomer: [address].\nAgent: [address], thanks.",
  ],
  ['your door code is 4419\nfour four one nine, thanks. Bay 4 at 7:30, 1,200 points', 'your door code is [code]\n[code], thanks. Bay 4 at 7:30, 1,200 points'],
  // a password read piece by piece, and what it spells written out
  ['Agent: password is, capital G, then r e e n, capital S, i d e, then seven seven.\nCaller: GreenSide77?', 'Agent: password is, [code].\nCaller: [code]?'],
  ["le mot de passe c'est B majuscule, i, r, d, i, e, deux, zéro, deux, cinq.", "le mot de passe c'est [code]."],
  ['wifi password is Tee Time four two, capital T capital T', 'wifi password is [code], capital T capital T'],
  ['the keypad says error code E dash three one one', 'the keypad says error code E dash three one one'],
  ['Capital One card, 4 5 6 holes, the lower 3 bays', 'Capital One card, 4 5 6 holes, the lower 3 bays'],
  // a card number in uneven groups (after "card", or passing the Luhn check); "ends" with no "in"
  ['update the card on my membership, its 4519 03 2211 8876 44', 'update the card on my membership, its [card]'],
  ['4111 11 1111 111 111, handicaps 8, 14, 22, 30, 41, 52, 63, 74', '[card], handicaps 8, 14, 22, 30, 41, 52, 63, 74'],
  ['my card ends 9921, the session ends 9:30', 'my card ends [card], the session ends 9:30'],
  // a given name that is also a word, before a surname that is none; Arabic and Malay names by their shape
  ['res under Grace Oyelaran, and Sunny Grewal is coming', 'res under [name] [name], and [name] [name] is coming'],
  ['the Summer Sizzle Cup at Grace Church Street', 'the Summer Sizzle Cup at Grace Church Street'],
  ['booking for Faisal bin Khalid al-Harbi, and the El-Sayed family', 'booking for [name] [name], and the [name] family'],
  // a ZIP+4 after a city and a state, a lot, a numbered rural road with a name, French and Spanish house numbers in words
  ['mail it to 5521 N Milwaukee Ave, Chicago IL 60641-4417. thanks', 'mail it to [address]. thanks'],
  ["it's 3310 Sandpiper Lane, Lot 14, Kissimmee FL 34746", "it's [address]"],
  ['RR 3, 1842 Concession Rd 6, Uxbridge', '[address]'],
  ["c'est au Quatre cent douze, rue Saint-Joseph Est, appartement six", "c'est au [address]"],
  ['es Avenida Insurgentes Sur mil seiscientos dos, departamento ocho', 'es [address]'],
  ['mándela a 2210 de la calle Alvarado, apartamento 5', 'mándela a [address]'],
  ['Dos de nosotros vamos, the lot is full', 'Dos de nosotros vamos, the lot is full'],
  // a date of birth with a year said "'79", "nació el"; last four with a double; a name spelled with "space" or a capital
  ["DOB? It's the 5th of the 11th, '79. Oh wait", "DOB? It's [dob]. Oh wait"],
  ['Nació el 3 de marzo de 2011, en Lima', 'Nació el [dob], en Lima'],
  ['Remove the Mastercard ending in double-seven three two. The ending in one two', 'Remove the Mastercard ending in [card]. The ending in one two'],
  ["It should be de la Cruz, that's D-E, space, L-A, space, C-R-U-Z.", "It should be de la [name], that's [name]."],
  ['Agent: Could you spell the surname?\nCaller: M-A-C, capital K, I-N-N-O-N.', 'Agent: Could you spell the surname?\nCaller: [name].'],
  // a placeholder in a question asks for nothing; a name just before a contact detail given for it
  [
    "Caller: It's 4111 1111 1111 1111, ok?\nAgent: Not quite, the morning rate is twenty-nine an hour.",
    "Caller: It's [card], ok?\nAgent: Not quite, the morning rate is twenty-nine an hour.",
  ],
  ['Contact on the night will be Tanvir (cell 437-555-0148). Toronto: 416-555-0199', 'Contact on the night will be [name] (cell [phone]). Toronto: [phone]'],
  // a card's last four in French, Spanish and Portuguese; a number masked but for its first and last four
  [
    'Carte qui finit par 8802. Visa que termina en cuatro cuatro cero uno, termina em 7 7 2 3',
    'Carte qui finit par [card]. Visa que termina en [card], termina em [card]',
  ],
  ['card 4520 **** **** 7718. fix pls', 'card [card]. fix pls'],
  // the date an age is reached; a sentence's dot stays outside a date
  ["he's eight on the 19th of June, and the party is Saturday the 22nd", "he's eight on [dob], and the party is Saturday the 22nd"],
  [
    'Ma fille aura dix ans le 4 avril. Cumple quince el 12 de diciembre. The sale ends on 12 Oct',
    'Ma fille aura dix ans le [dob]. Cumple quince el [dob]. The sale ends on 12 Oct',
  ],
  // a request said without a question mark; an answer whose value was found keeps what follows its sentence
  [
    'Agent: For the seniors rate I will need your date of birth.\nCaller: Twelfth of the ninth, fifty-six.',
    'Agent: For the seniors rate I will need your date of birth.\nCaller: [dob].',
  ],
  [
    "Agent: I need a date of birth.\nCaller: It's 03/14/1988. Oh wait, I'm not a senior yet.",
    "Agent: I need a date of birth.\nCaller: [dob]. Oh wait, I'm not a senior yet.",
  ],
  // phones said in German and Italian, after "plus", "più"; thanks in other languages are no names
  [
    'Bitte rufen Sie mich zurück unter plus vier vier, sieben sieben null null, neun null null, sechs drei acht. Danke',
    'Bitte rufen Sie mich zurück unter [phone]. Danke',
  ],
  ['Il mio numero è più quattro quattro, sette sette zero zero, nove zero zero, tre quattro cinque. Grazie', 'Il mio numero è [phone]. Grazie'],
  // a one-time code after "OTP"; a code spelled with dashes, and written back whole; a reference spelled so stays
  ['Customer read OTP 774 210 back to me', 'Customer read OTP [code] back to me'],
  ['Agente: El código es G-C-siete-dos-K-M-nueve-nueve.\nCliente: GC72KM99, perfecto.', 'Agente: El código es [code].\nCliente: [code], perfecto.'],
  ['charged for a cancelled booking, reference B-K-four-four-two-nine', 'charged for a cancelled booking, reference B-K-four-four-two-nine'],
  // a name after praise for it, or after "Name" as a field's label
  ['Shoutout to Bongani at Shoreditch, absolute legend', 'Shoutout to [name] at Shoreditch, absolute legend'],
  ['still pending. Name Tavita Faleolo. The Name Game was fun', 'still pending. Name [name]. The Name Game was fun'],
  // an Irish lawn; a card's last four right after it is named; a voucher code of two digits in three groups
  ['My address is 27 Kilbrack Lawn, Fermoy, Co. Cork P61 WK30. Thanks', 'My address is [address]. Thanks'],
  ['€40 on card 4402. The voucher code is GV-4KTR-8MQZ. Thank you', '€40 on card [card]. The voucher code is [code]. Thank you'],
  // Afrikaans months and birthdays; "he'll be ten on"; a full date of a birth year with its day said as an ordinal
  ['My seun se verjaarsdag is 12 Mei, hy word 10.', 'My seun se verjaarsdag is [dob], hy word 10.'],
  ["he'll be ten on the 19th of November.", "he'll be ten on [dob]."],
  ["Agent: Seventeenth March 1996, so you're well over.", "Agent: [dob], so you're well over."],
  // a booking reference named in French or Spanish, or with "'s", stays
  [
    'Réservation F24-55093, baie 2; tengo reserva F24-61730; door code for your bay is 7163',
    'Réservation F24-55093, baie 2; tengo reserva F24-61730; door code for your bay is [code]',
  ],
  // a date of birth is answered with a date; a time or a span of them is no plate
  [
    'Caller: Can we do a birthday on Sunday?\nAgent: Sure, bays 5 and 6 are free all afternoon.',
    'Caller: Can we do a birthday on Sunday?\nAgent: Sure, bays 5 and 6 are free all afternoon.',
  ],
  ['Agent: And his date of birth?\nCaller: 9th of July 2014.', 'Agent: And his date of birth?\nCaller: [dob].'],
  ['parking ticket for my car during my 7-9pm booking, and 11pm-1am too', 'parking ticket for my car during my 7-9pm booking, and 11pm-1am too'],
  // national numbers in the groups of their country, and after "cel", "landline", "contact", "HP"
  ['call 9822 417 305 or 186 2290 7731 or 33 5120 4478 or 073-512 88 40', 'call [phone] or [phone] or [phone] or [phone]'],
  ['landline 04 291 7730, my HP 8231 6604, cel 81 2345 6789', 'landline [phone], my HP [phone], cel [phone]'],
  // digits said in Dutch or Afrikaans
  ['Bel my terug op nul sewe twee, drie ses vyf, nege agt een nul.', 'Bel my terug op [phone].'],
  ['Mijn nummer is nul zes, twee vier, acht negen, een nul zeven.', 'Mijn nummer is [phone].'],
  // Dutch and Nordic door codes; a card's last four in German, Dutch or Swedish
  ['De deurcode 8812 werkt niet. Dörrkoden är 5540.', 'De deurcode [code] werkt niet. Dörrkoden är [code].'],
  ['Visa, Endziffern 7 1 2 0; eindigt op 3391; slutar på 6604', 'Visa, Endziffern [card]; eindigt op [card]; slutar på [card]'],
  // a gift voucher's code without mixed groups, and another of its shape; a booking reference stays
  ['gift voucher KT-7720-PLM was lost, reissued as KT-3318-QWD. Booking BK-2291-XYZ', 'gift voucher [code] was lost, reissued as [code]. Booking BK-2291-XYZ'],
  // an IVR's prompt without a question mark; a number labelled by its app is no name
  ['IVR: And the expiry.\nCaller: Oh nine twenty eight.', 'IVR: And the expiry.\nCaller: [card].'],
  ['WhatsApp +65 8123 4567 or Cel [phone]', 'WhatsApp [phone] or Cel [phone]'],
  // a team's captain; "its me" before a short lower-case name
  ['Our captain is Tamati, bay 4 on Thursdays', 'Our captain is [name], bay 4 on Thursdays'],
  ['screen frozen again. its me jaz. same number', 'screen frozen again. its me [name]. same number'],
  // a branch named after its business is a place, the business's name no person's; a bay's number no house number
  ['this is Wiremu from ParTee Henderson, bay 4 at ParTee Mount Albert', 'this is [name] from ParTee Henderson, bay 4 at ParTee Mount Albert'],
  ['moved to Bay 2 Kingsway side, thanks', 'moved to Bay 2 Kingsway side, thanks'],
  // numbers said in Spanish two digits at a time
  ['Mi celular: seis dos cinco, veintiocho, cuarenta y uno, trece, noventa.', 'Mi celular: [phone].'],
  // a relative, a card's last four, a birth and a door code in Afrikaans, Danish, Finnish and Dutch
  ['a gift from my aunty Mele; kaart eindig op 4471', 'a gift from my aunty [name]; kaart eindig op [card]'],
  ['Han er født 3. marts 2015. Koodi 7719. Se naam is Annelie.', 'Han er født [dob]. Koodi [code]. Se naam is [name].'],
  // a venue before "location", after a bay's number or opening an answer with one; a name before a bay stays a name
  [
    'booked the Harbourfront West location, left my hat in Bay 3 Leaside.\nStaff: Which one?\nCustomer: Oakridge, bay 4.',
    'booked the Harbourfront West location, left my hat in Bay 3 Leaside.\nStaff: Which one?\nCustomer: Oakridge, bay 4.',
  ],
  ['ya under Thanh Vo, bay 6 at 11pm', 'ya under [name], bay 6 at 11pm'],
  ['Hi Olu, bay 4 at 7:30pm\nCustomer: Hey Tavita, bay 2 is dead', 'Hi [name], bay 4 at 7:30pm\nCustomer: Hey [name], bay 2 is dead'],
  // a gift card's number with letters; an Australian landline; an account under a lower-case name; a card's brand
  ['Card number GC-0071-3390-5521 and my old landline (03) 5550 1187', 'Card number [code] and my old landline [phone]'],
  ['account under dev okafor, on my Mastercard', 'account under [name], on my Mastercard'],
  // a provider's address said word by word, spelled, or with a number said after it
  ['email is c-h-l-o-e dot m-a-r-t-i-n at gmail dot com, or chloe dot martin seventy-one at gmail', 'email is [email], or [email]'],
  // Norwegian, Danish and Swedish digits in a run with a word only they say; English words alike stay
  ['Agent: Koden er fem, to, åtte, null.', 'Agent: Koden er [code].'],
  ['Mitt nummer är noll sju noll, fyra fem sex, ett två tre', 'Mitt nummer är [phone]'],
  ['call back on pluss fire sju, ni ni åtte, to tre, en fire fem', 'call back on [phone]'],
  ['I want to fire two to three people, en route to bay 4', 'I want to fire two to three people, en route to bay 4'],
  // numbers to ninety-nine said in German, Dutch, Danish, Norwegian or Swedish, two digits at a time
  ['Rückruf bitte: null eins sieben sechs, dreiundvierzig, achtundneunzig, zwo eins', 'Rückruf bitte: [phone]'],
  ['mit nummer: enogtres, syvogfyrre, toogtyve, nul otte', 'mit nummer: [phone]'],
  ['nummeret er noll sju tre, femtiosex, tjugoett, åttiotvå', 'nummeret er [phone]'],
  ['we were elf, tre and ti at the party', 'we were elf, tre and ti at the party'],
  // an address said with the "at" and the "dot" of other languages, and a top-level domain that is an English word only at a sentence's end
  ['ja, det er lars punktum eide krøllalfa online punktum no', 'ja, det er [email]'],
  ['anna punkt berg snabel-a telia punkt se', '[email]'],
  ['meet at the bar dot no later than 7', 'meet at the bar dot no later than 7'],
  // a Nordic number after "tlf" or "ring på", a Norwegian mobile in 3-2-3; scores in pairs stay
  ['Ring på 28 44 91 07 hvis det er noget', 'Ring på [phone] hvis det er noget'],
  ['hilsen Tor, tlf 47 88 21 09', 'hilsen Tor, tlf [phone]'],
  ['mobilen min er 912 34 567', 'mobilen min er [phone]'],
  // a one-time code shown in two groups of three; yardages in a message about a door code stay
  ['your one-time code is 884 213, it expires in 10 min', 'your one-time code is [code], it expires in 10 min'],
  ['door code didnt work, we hit 120 150 yards all night lol', 'door code didnt work, we hit 120 150 yards all night lol'],
  // a text typed in capitals: its names go, its words stay, and what it is typed in stays
  ['DIS IS KWAME AGAIN WHERE MY REFUND', 'DIS IS [name] AGAIN WHERE MY REFUND'],
  // a plate asked for on the line before and spelled, and read back written; a reference spelled the same way stays
  [
    'Agente: ¿Y las placas?\nCliente: P-R-W, guion, siete uno cero tres.\nAgente: PRW-7103, listo.',
    'Agente: ¿Y las placas?\nCliente: [plate].\nAgente: [plate], listo.',
  ],
  [
    'Agent: Plate for the permit?\nCaller: J as in Juliet, X, V, dash, four four one eight.\nAgent: JXV-4418, done.',
    'Agent: Plate for the permit?\nCaller: [plate].\nAgent: [plate], done.',
  ],
  [
    "Agent: What's the booking reference?\nCaller: K as in kilo, T, five five one zero nine.",
    "Agent: What's the booking reference?\nCaller: K as in kilo, T, five five one zero nine.",
  ],
  // the answer to an IVR's "please enter", keyed on the next line
  [
    'IVR: Please enter your card number.\nCaller: 4 5 3 2 0 1 5 1 1 2 8 3 0 3 6 6\nIVR: Please enter the three digit security code.\nCaller: 8 1 4',
    'IVR: Please enter your card number.\nCaller: [card]\nIVR: Please enter the three digit security code.\nCaller: [card]',
  ],
  // a plus in an address said aloud, and the "'s" before it stays
  ["It's nadia plus golf at icloud dot com.", "It's [email]."],
  ['MARCUS BELL HERE, BAY 11 SCREEN FROZEN. CALL ME AT 403-555-0166', '[name] HERE, BAY 11 SCREEN FROZEN. CALL ME AT [phone]'],
  ['I WILL CALL BACK, MARK MY WORDS, THE ROSE BAY SCREEN IS DEAD', 'I WILL CALL BACK, MARK MY WORDS, THE ROSE BAY SCREEN IS DEAD'],
  ['we scored 45 38 41 40 on the back nine and hit 120 15 180 yards', 'we scored 45 38 41 40 on the back nine and hit 120 15 180 yards'],
  // a code spelled with the spelling alphabet, or letters and digits answering a code asked on the line before
  ['Agent: Read me the voucher please.\nCaller: Sierra, Four, Tango, Nine, Nine, Papa', 'Agent: Read me the voucher please.\nCaller: [code]'],
  [
    'Agent: What does the code on the screen say?\nCaller: umm it says R four, P one, six',
    'Agent: What does the code on the screen say?\nCaller: umm it says [code]',
  ],
  ['We played golf, hotel, echo and delta nine times', 'We played golf, hotel, echo and delta nine times'],
  // German and Nordic streets before their number, and the postal codes of more countries after an address
  ['Rechnung an Hamburger Straße 18 bitte', 'Rechnung an [address] bitte'],
  ['bitte an Osdorfer Landchaussee 12 schicken, oder Am Hohlweg 3', 'bitte an [address] schicken, oder Am [address]'],
  ['send to Kungsgatan 14, 114 56 Stockholm', 'send to [address]'],
  ['Factuur naar Keizersgracht 310, 1016 EZ Amsterdam graag', 'Factuur naar [address] graag'],
  ['ship it to 7 Residency Road, Bengaluru 560025 please', 'ship it to [address] please'],
  // identity and account numbers: an IBAN, a document's number after its name, an NRIC, a membership number
  ['refund to IBAN GB29 NWBK 6016 1331 9268 19 please, ref BK-3301', 'refund to IBAN [id] please, ref BK-3301'],
  ["my passport no. is 612093874 and I'm 21", "my passport no. is [id] and I'm 21"],
  ['NRIC T0212345J for the corporate signup', 'NRIC [id] for the corporate signup'],
  ['membership no M-55012, can I freeze it?', 'membership no [id], can I freeze it?'],
  ['member 30558, bay 2 at 7pm', 'member [id], bay 2 at 7pm'],
  ['my membership (#GM-00731) renewed twice', 'my membership (#[id]) renewed twice'],
  ['Hallo, meine Mitgliedsnummer ist 1002-4471.', 'Hallo, meine Mitgliedsnummer ist [id].'],
  // a year after a membership is its year; a series of capitals standing apart goes with its number, a word does not
  ['the membership 2025 renewal, bay 3', 'the membership 2025 renewal, bay 3'],
  ['ID card no. AK 4821093, for the league', 'ID card no. [id], for the league'],
  ['mail the membership card to 4120 W Belmont Ave', 'mail the membership card to [address]'],
  ['mitt personnummer 19900215-4482 tack', 'mitt personnummer [id] tack'],
  ['my membership number is M as in Mike, two zero four, nine one. I want hours', 'my membership number is [id]. I want hours'],
  // the number after a question or a comma ("passport no? mine is …", "licence, number is …"), "é" and "è" as "is",
  // "acc no is …", a state's licence of six digits or more; a licence year and a short number stay
  ['need my passport number? mine is 702114563, exp next year', 'need my passport number? mine is [id], exp next year'],
  ['lost my driving licence, number is 88421077, in bay 3', 'lost my driving licence, number is [id], in bay 3'],
  ['a fatura com o NIF é 218 334 905 por favor', 'a fatura com o NIF é [id] por favor'],
  ['il mio codice fiscale è RSSMRA85T10A562S', 'il mio codice fiscale è [id]'],
  ['the refund can go to my acc no is 40021188754', 'the refund can go to my acc no is [id]'],
  ['QLD licence 09876543 for the ID check', 'QLD licence [id] for the ID check'],
  ['our venue licence 2024 is on the wall, licence 12 too', 'our venue licence 2024 is on the wall, licence 12 too'],
  // tax numbers as they are written, with dots and slashes; an answer to a document asked for, in any language
  ['factura a nombre de mi empresa, RUT 76.543.210-K, por la reserva RES-51880', 'factura a nombre de mi empresa, RUT [id], por la reserva RES-51880'],
  ['nota fiscal no CNPJ 12.345.678/0001-90, obrigado', 'nota fiscal no CNPJ [id], obrigado'],
  ['a GST invoice for 4 people please', 'a GST invoice for 4 people please'],
  // a phone said in Italian, two digits at a time as one word; a time and a price in Italian stay
  ['Il mio cellulare è tre quattro sette, uno due tre, quarantacinque sessantasette.', 'Il mio cellulare è [phone].'],
  ['ho prenotato per le venti, siamo in sei', 'ho prenotato per le venti, siamo in sei'],
  // a keypad entry with a dash and its enter key; a code named in Japanese
  ['nvm found it in the email, its 09-11#. thx', 'nvm found it in the email, its [code]. thx'],
  ['ドアコード 5831 で合ってますか？', 'ドアコード [code] で合ってますか？'],
  // a made-up password anywhere in a text about the Wi-Fi; a network's or a device's name stays
  ['whats the wifi pw here? staff told me GolfNerd!2024 but not connecting', 'whats the wifi pw here? staff told me [code] but not connecting'],
  ['is the guest wifi SwingHub_Guest or SwingHub-Guest5G?', 'is the guest wifi SwingHub_Guest or SwingHub-Guest5G?'],
  ['wifi not working on my iPhone15 in bay 2', 'wifi not working on my iPhone15 in bay 2'],
  // a US Social Security number, an Indian PAN and GSTIN by their shape
  ['Do u need my SSN? its 523-41-8876. thanks', 'Do u need my SSN? its [id]. thanks'],
  ['company GSTIN 27AAPFU0939F1ZV, my PAN BNZPK4821L.', 'company GSTIN [id], my PAN [id].'],
  // a Brazilian mobile after its cue; a card's last digits and expiry named in Spanish or Portuguese
  ['meu zap é (11) 98765-4321', 'meu zap é [phone]'],
  ['Me cobraron en la tarjeta acabada en 7781. Gracias', 'Me cobraron en la tarjeta acabada en [card]. Gracias'],
  ['Cartão final 4432, validade 04/28. Reserva 3321.', 'Cartão final [card], validade [card]. Reserva 3321.'],
  // a plate after a car named in Polish; an address with spaces around its dots and its "@"
  ['Samochód WX 4521C stoi na miejscu, stanowisko 3', 'Samochód [plate] stoi na miejscu, stanowisko 3'],
  ['send it to ana . sofia . bergstrom @ gmail . com (autocorrect)', 'send it to [email] (autocorrect)'],
  ['tonight at Westgate. it is bay 3', 'tonight at Westgate. it is bay 3'],
  // an IBAN or a tax number read aloud after its name, letters and digits; what follows stays
  ['IBAN: I T, sei zero, X, zero cinque quattro due, uno uno uno zero uno, grazie', 'IBAN: [id], grazie'],
  ['Mi RFC es RAMJ, ocho cinco cero tres uno dos, H, siete, A. Gracias', 'Mi RFC es [id]. Gracias'],
  ['the IBAN is on the invoice, one sec', 'the IBAN is on the invoice, one sec'],
  // a postal code named a few words before it, on its line; a booking's number stays
  ["it's got the wrong zip. Should be 78704.", "it's got the wrong zip. Should be [address]."],
  ['zip code, and my booking 48291', 'zip code, and my booking 48291'],
  ['Agent: ¿Y su cédula?\nCaller: Cuatro tres dos, uno uno nueve.', 'Agent: ¿Y su cédula?\nCaller: [id].'],
  [
    'Caller: I need the GST number for my receipt.\nAgent: Sure, it is 81234 5678 RT0001.',
    'Caller: I need the GST number for my receipt.\nAgent: Sure, it is 81234 5678 RT0001.',
  ],
  // the last digits of a card asked for in Spanish; a booking reference read out after its letters stays
  ['Agent: ¿Los últimos cuatro de la tarjeta?\nCaller: Seis, uno, cero, ocho.', 'Agent: ¿Los últimos cuatro de la tarjeta?\nCaller: [card].'],
  [
    'Agent: Il codice della porta non va?\nCaller: No. La prenotazione è RES, quattro due sette sette nove.',
    'Agent: Il codice della porta non va?\nCaller: No. La prenotazione è RES, quattro due sette sette nove.',
  ],
  ['Agent: Il codice nuovo è sei otto due uno.', 'Agent: Il codice nuovo è [code].'],
  // a plate or a code spelled with Portuguese, German or Spanish digits and Spanish letter names, and read back written
  ['Agent: Qual a placa do carro?\nCaller: Q, W, E, dois, B, quatro, cinco.', 'Agent: Qual a placa do carro?\nCaller: [plate].'],
  ['Agent: ¿La matrícula?\nCaller: Cuatro cinco seis siete, ka, ele, eme.', 'Agent: ¿La matrícula?\nCaller: [plate].'],
  [
    'Agent: ¿Me dices el código?\nCaller: Sí, es T, R, cuatro, cinco, equis, jota, nueve.\nAgent: TR45XJ9, vale.',
    'Agent: ¿Me dices el código?\nCaller: Sí, es [code].\nAgent: [code], vale.',
  ],
  // a phone read with "treble" or with French hundreds; a price in hundreds stays
  ['my number is oh seven nine one one, treble seven, four five oh', 'my number is [phone]'],
  ['Mon numéro: cinq un quatre, huit cent quarante-deux, soixante-dix-sept, zéro un', 'Mon numéro: [phone]'],
  ["c'est deux cents euros pour huit personnes", "c'est deux cents euros pour huit personnes"],
  // an account number or a personal number asked for in Dutch, Swedish or Danish, read aloud with its letters
  [
    'Agent: Op welk rekeningnummer?\nCaller: N L negenentachtig, R A B O, nul drie nul zeven, vier vier drie zes.',
    'Agent: Op welk rekeningnummer?\nCaller: [id].',
  ],
  [
    'Agent: Och för fakturan behöver jag ditt personnummer.\nCaller: Åttiotvå noll fyra femton, streck, fyra tre sex åtta.',
    'Agent: Och för fakturan behöver jag ditt personnummer.\nCaller: [id].',
  ],
  ['Skal I bruge mit CPR-nummer? Det er nul otte nul tre ni to, bindestreg, sytten, fireogtredive.', 'Skal I bruge mit CPR-nummer? Det er [id].'],
  ['Agent: 820415-4368, tack.', 'Agent: [id], tack.'],
  // a card's expiry said in Spanish words ("diez del veintiséis"); names after Polish "mówi", Dutch "t.n.v." and "Contact"
  [
    'Agent: ¿Vencimiento y código de seguridad?\nCaller: Diez del veintiséis, y el código cuatro cuatro cinco.',
    'Agent: ¿Vencimiento y código de seguridad?\nCaller: [card], y el código [code].',
  ],
  ['Agent: Dzień dobry, obsługa klienta, mówi Kasia.', 'Agent: Dzień dobry, obsługa klienta, mówi [name].'],
  ['graag terugstorten t.n.v. Pieter de Vries, dank', 'graag terugstorten t.n.v. [name], dank'],
  ['Invoice please. Contact Rangi Te Awa', 'Invoice please. Contact [name] [name]'],
  ['please contact support if the screen freezes', 'please contact support if the screen freezes'],
  // introductions in Portuguese, German, Swahili, Tagalog and Afrikaans; a greeting is no name
  ['oi! aqui é a Thaís, reservei o bay 4', 'oi! aqui é a [name], reservei o bay 4'],
  ['Ich heiße Jürgen und der Code geht nicht', 'Ich heiße [name] und der Code geht nicht'],
  ['Jina ni Otieno, namba yangu', 'Jina ni [name], namba yangu'],
  ['mabuhay, ako si Maricel', 'mabuhay, ako si [name]'],
  ['Agent: Goeie môre, Tee Box Pretoria, Anri praat.', 'Agent: Goeie môre, Tee Box Pretoria, [name] praat.'],
  ['booking ref BK-67002, name on it Will Hartley', 'booking ref BK-67002, name on it [name]'],
  ['Olá, tudo bem?', 'Olá, tudo bem?'],
  // a date of birth in Italian or Polish; a booking's date stays
  ['mio figlio è nato il 3 maggio 2014, vorrei prenotare', 'mio figlio è nato il [dob], vorrei prenotare'],
  ['urodzony 12 marca 1990', 'urodzony [dob]'],
  ['prenotazione per il 3 maggio alle 20', 'prenotazione per il 3 maggio alle 20'],
  // an address said in Portuguese, French or Spanish, its words joined by commas
  ['é otavio ponto mendes arroba uol ponto com ponto br', 'é [email]'],
  ['josee point lavoie arobas videotron point ca', '[email]'],
  ['es juli, guion bajo, ospina, arroba, yahoo punto com punto co. Gracias', 'es [email]. Gracias'],
  // a venue named with a golf venue's words is no one's name, and the agent's name after it still goes
  ['Agent: Good evening, Tee Lounge Soho, Priya speaking.', 'Agent: Good evening, Tee Lounge Soho, [name] speaking.'],
  ['Thanks Birdie Bar Shoreditch, see you at 7', 'Thanks Birdie Bar Shoreditch, see you at 7'],
  ['Hi Sarah, Golf tonight?', 'Hi [name], Golf tonight?'],
  // what names a booking or an order is its reference, never a plate, even where parking is talked of
  ['is parking free? Booking SYD-2210, bay 4', 'is parking free? Booking SYD-2210, bay 4'],
  // an expiry just after a card's number, a security code said "security"
  ['Card: 4111 1111 1111 1111, 11/26, security 987', 'Card: [card], [card], security [card]'],
  // tax numbers of companies, and a bank account in a text about a bank
  ['USt-IdNr. DE123456789', 'USt-IdNr. [id]'],
  ['UEN 201912345K, TIN 12345678-0001', 'UEN [id], TIN [id]'],
  ['refund to my bank: BSB 062-000 acc 1234 5678', 'refund to my bank: BSB [id] acc [id]'],
  ['my acc 12345 is locked', 'my acc 12345 is locked'],
  ['Please refund R450 to my FNB acc 62123456789', 'Please refund R450 to my FNB acc [id]'],
  // a reference read out letter by letter after what names it stays; a name after "speaking to" or "my bf" goes
  ['Booking ref is M-A-N-two-one-seven-seven.', 'Booking ref is M-A-N-two-one-seven-seven.'],
  ['the revised invoice, I-N-V-M-U-M-nine-nine, will follow', 'the revised invoice, I-N-V-M-U-M-nine-nine, will follow'],
  ["Hello, you're speaking to Morag.", "Hello, you're speaking to [name]."],
  ['pls cc my PA jenny on it, my gf priya booked it', 'pls cc my PA [name] on it, my gf [name] booked it'],
  // an expiry asked for and said on the next line, in words, in Italian, or after "on file" or "caduca"
  ['Agent: Expiry?\nCaller: March twenty-eight. CVV four four one.', 'Agent: Expiry?\nCaller: [card]. CVV [card].'],
  ['The expiry on file is oh three twenty-five.', 'The expiry on file is [card].'],
  ['Agent: Scadenza?\nCaller: Undici ventotto.', 'Agent: Scadenza?\nCaller: [card].'],
  ['la tarjeta que termina en 0772, caduca en enero del veintisiete', 'la tarjeta que termina en [card], caduca en [card]'],
  ['il rimborso sulla carta che finisce con 3318, grazie', 'il rimborso sulla carta che finisce con [card], grazie'],
  ['el voucher vence el 30/06', 'el voucher vence el 30/06'],
  // a question that names nothing asks for what the line before spoke of
  [
    'Caller: the form wants a date of birth.\nAgent: I can pop it in for you. What is it?\nCaller: Second of July, nineteen fifty-eight.',
    'Caller: the form wants a date of birth.\nAgent: I can pop it in for you. What is it?\nCaller: [dob].',
  ],
  [
    'Caller: I have a question about my booking.\nAgent: Sure. What is it?\nCaller: Bay 4 at 7pm, can we add one?',
    'Caller: I have a question about my booking.\nAgent: Sure. What is it?\nCaller: Bay 4 at 7pm, can we add one?',
  ],
  // a membership or loyalty number is no phone; a phone for the membership still is
  ['Loyalty no 7788-1200-33, bay 3', 'Loyalty no [id], bay 3'],
  ['new number for the membership: 519.555.0137', 'new number for the membership: [phone]'],
  // an extension in other languages goes with its number
  ['Tel +34 91 555 12 34, extensión 215.', 'Tel [phone].'],
  ['+49 89 5555 120, Durchwahl 34', '[phone]'],
  // a number asked for as a phone goes; a short number after a question about the mobile app stays
  ['Agent: E o celular?\nCaller: (11) 98765-4321.', 'Agent: E o celular?\nCaller: [phone].'],
  ['Agent: Is the mobile app working?\nCaller: yes, bay 3 at 7, 2 hours', 'Agent: Is the mobile app working?\nCaller: yes, bay 3 at 7, 2 hours'],
  // a turn that is only a document's number, the document named in one of the two turns before
  ['Agente: ¿Y su RFC?\nCliente: RAMG850312KT4.', 'Agente: ¿Y su RFC?\nCliente: [id].'],
  [
    'Caller: you wanted a passport number?\nAgent: That is right.\nCaller: 5 3 3 8 0 1 9 2 7.',
    'Caller: you wanted a passport number?\nAgent: That is right.\nCaller: [id].',
  ],
  ['Agent: Sure, your membership number?\nCaller: DSM-22817.', 'Agent: Sure, your membership number?\nCaller: [id].'],
  ['Agent: Booking reference?\nCaller: DSM-22817.', 'Agent: Booking reference?\nCaller: DSM-22817.'],
  // and "six and a half hours" answers no membership number
  [
    'Caller: My membership number is 4411 9203, how many hours?\nAgent: You have six and a half hours left.',
    'Caller: My membership number is [id], how many hours?\nAgent: You have six and a half hours left.',
  ],
  // a plate after the Swedish and Danish words for it; an address's door, floor and side, a city of several words
  ['Jag fick en parkeringsbot, regnummer KLM 47P.', 'Jag fick en parkeringsbot, regnummer [plate].'],
  ['Factuur naar Kerkstraat 15-III, 1017 GC Amsterdam.', 'Factuur naar [address].'],
  ['a minha morada: Rua das Flores 27, 3.º Esq., 1200-195 Lisboa', 'a minha morada: [address]'],
  ['Calle Reforma 245, Int. 3, Col. Juárez, 06600 Ciudad de México.', '[address].'],
  ['la facture à BP 412, 13002 Marseille Cedex 02', 'la facture à [address]'],
  ['Rural address: RR 2, Site 14, Box 9, Okotoks AB T1S 1A2 for the trophy', 'Rural address: [address] for the trophy'],
  ['score 280-2 in bay 3-II', 'score 280-2 in bay 3-II'],
  // an account or a sort code named alone; a British driving licence written in its groups
  ['Refund plz to acct 12345678 sort 20-44-91, thanks', 'Refund plz to acct [id] sort [id], thanks'],
  ['Please cancel auto renew. Account 3310-8842, ta', 'Please cancel auto renew. Account [id], ta'],
  ['licence MORGA 805142 RJ9TT ok', 'licence [id] ok'],
  ['my account 2 years old, sort 4 balls', 'my account 2 years old, sort 4 balls'],
  // a number read aloud with "double", or opening with a series after "it's"; read back written, it goes too
  ['Agent: Your member number?\nCaller: uh it is G M double oh four one two seven', 'Agent: Your member number?\nCaller: uh it is [id]'],
  [
    "Agent: Can I take your member number?\nCaller: It's FS dash two nine eight eight four.\nAgent: FS-29884, I'll freeze it.",
    "Agent: Can I take your member number?\nCaller: It's [id].\nAgent: [id], I'll freeze it.",
  ],
  // digits said in Polish, Swedish and Dutch "één"
  ['Agent: Jaki kod?\nCaller: Osiem jeden jeden pięć.', 'Agent: Jaki kod?\nCaller: [code].'],
  ['De code voor de uitgang is zes zes één nul.', 'De code voor de uitgang is [code].'],
  // a name that is a word most of the time, Capitalised after the surest cues; in small letters it stays a word
  ['my name is June, bay 3', 'my name is [name], bay 3'],
  ['hi my daughter May is booked for the party', 'hi my daughter [name] is booked for the party'],
  ['my daughter may come too', 'my daughter may come too'],
  // a spoken address with a newer top-level domain, or a last initial before "at"
  ['new email is r.kim at kimdesign dot studio please', 'new email is [email] please'],
  ["it's amelia g at fastmail dot fm", "it's [email]"],
  ["we'll be at the bay at 7. see you", "we'll be at the bay at 7. see you"],
  // a value given in pieces, each acknowledged; a turn after an acknowledgement that is no number stays
  [
    'Agent: membership number?\nCaller: it is triple seven\nAgent: yep\nCaller: double two\nAgent: yep\nCaller: oh five',
    'Agent: membership number?\nCaller: it is [id]\nAgent: yep\nCaller: [id]\nAgent: yep\nCaller: [id]',
  ],
  ['Agent: the door code?\nCaller: 4471\nAgent: ok\nCaller: bay 3 please', 'Agent: the door code?\nCaller: [code]\nAgent: ok\nCaller: bay 3 please'],
  // a document's number later in the sentence that names it, unless a reference names it
  ["my passport, it's a blue irish one, number PA4418827, thanks", "my passport, it's a blue irish one, number [id], thanks"],
  ['passport photo needed? booking no. 8821344', 'passport photo needed? booking no. 8821344'],
  ['Numéro de membre 3320-117, merci', 'Numéro de membre [id], merci'],
  ['Ich möchte meine Mitgliedschaft M-88120 kündigen.', 'Ich möchte meine Mitgliedschaft [id] kündigen.'],
  ["Name's Shane, member number A-U-four-four-two-nine.", "Name's [name], member number [id]."],
  // a number the question's line gave already is not what it asks for
  [
    'Caller: my loyalty number is 12345. How many points do I have?\nAgent: you have 2,350 points',
    'Caller: my loyalty number is [id]. How many points do I have?\nAgent: you have 2,350 points',
  ],
  ['Agent: membership [id] noted. And your passport number?\nCaller: 534128976', 'Agent: membership [id] noted. And your passport number?\nCaller: [id]'],
  // a gift voucher's PIN is no offer; codes named in Indonesian and Turkish, digits said in Turkish
  ['gift voucher not working, the pin on the back is 7731. thanks', 'gift voucher not working, the pin on the back is [code]. thanks'],
  ['Kode pintu saya 3319 tapi tidak bisa.', 'Kode pintu saya [code] tapi tidak bisa.'],
  ['Kodunuz dört dört yedi sıfır. Bölme beş', 'Kodunuz [code]. Bölme beş'],
  // a card's last digits and its expiry in Polish and Spanish
  ['Ostatnie cyfry 4402, ważna do 11/26. Rezerwacja RZ-1190', 'Ostatnie cyfry [card], ważna do [card]. Rezerwacja RZ-1190'],
  ['tarjeta, últimos cuatro dígitos 4471, válida hasta 09/27', 'tarjeta, últimos cuatro dígitos [card], válida hasta [card]'],
  // a request for an IBAN in the conditional
  [
    'A: Für die Rückerstattung bräuchte ich Ihre IBAN.\nB: D E acht neun, drei sieben null vier, null vier vier null',
    'A: Für die Rückerstattung bräuchte ich Ihre IBAN.\nB: [id]',
  ],
  // a place said as one after "sucursal" or a bay "at" stays; a person after "with" still goes
  ['Reservación MX-1120 sucursal Polanco', 'Reservación MX-1120 sucursal Polanco'],
  ['the TrackMan in Bay 12 at Austin Domain says E-2231', 'the TrackMan in Bay 12 at Austin Domain says E-2231'],
  ['booked bay 2 with Chelsea Morgan', 'booked bay 2 with [name] [name]'],
  // an Indian address, from the flat's number to the PIN
  ['address Flat 302, Sai Residency, 4th Cross, Indiranagar, Bengaluru 560038. Thanks', 'address [address]. Thanks'],
  // a German registration has its own shape
  ['mein Auto (M-AB 1234) steht draußen', 'mein Auto ([plate]) steht draußen'],
  // so do Belgian, Indian and French or Italian ones; a booking reference of another shape stays
  ['nummerplaat 2-KPL-718 voor de parking', 'nummerplaat [plate] voor de parking'],
  ['car is KA 05 MN 2231, parked in B2', 'car is [plate], parked in B2'],
  ['ma voiture GH-482-TZ est garée devant', 'ma voiture [plate] est garée devant'],
  ['targa FB 731 KC, postazione 3', 'targa [plate], postazione 3'],
  ['booking AB-1234-CD for bay 3 at 18:30', 'booking AB-1234-CD for bay 3 at 18:30'],
  // a rural delivery number, a post-office box in other languages, an Afrikaans or Dutch street word
  ['send it to 22 Totara Road, RD 3, Matamata 3473 thanks', 'send it to [address] thanks'],
  ['Posbus 118, Brandwag, 9324 asseblief', '[address] asseblief'],
  ['Postfach 1120, 80331 München', '[address]'],
  ['nuwe adres: 7 Kiaat Straat, Durbanville, 7550.', 'nuwe adres: [address].'],
  // the key pressed after a code goes with it, in any language read here; a word that only sounds like one stays
  ['el código es seis, dos, ocho, uno, almohadilla. Gracias', 'el código es [code]. Gracias'],
  ['door code is seven two one one, then the tick button', 'door code is [code]'],
  ['the code is 4471 and star wars is on the tv', 'the code is [code] and star wars is on the tv'],
  // identity and tax numbers whose shape is theirs alone, wherever they come
  ['Oi, CPF 318.402.117-65 para a nota', 'Oi, CPF [id] para a nota'],
  ['a nota vai para 41.220.318/0001-07, obrigado', 'a nota vai para [id], obrigado'],
  ['licence is PATEL707152AB9LM if you need it', 'licence is [id] if you need it'],
  ['È BNCLRA82M41F205X, grazie', 'È [id], grazie'],
  ['receipt with 6621034TA on it please', 'receipt with [id] on it please'],
  ['Rechnung an CHE-219.554.870 MWST', 'Rechnung an [id] MWST'],
  ['health card 5521-118-402-KD for the discount', 'health card [id] for the discount'],
  ['our EIN is 47-3318820 for the invoice', 'our EIN is [id] for the invoice'],
  // an Australian Business Number whose check digits hold, and a British VAT number; eleven digits that fail the check stay
  ['invoice for 53 004 085 616 please', 'invoice for [id] please'],
  ['invoice for 53 004 085 617 please', 'invoice for 53 004 085 617 please'],
  ['VAT reg GB 123 4567 89 on the receipt', 'VAT reg [id] on the receipt'],
  // an account number read out with a digit wrong is still an account's, when its country's shape holds
  ['refund to DE89 3704 0044 0532 0130 00 please', 'refund to [id] please'],
  ['refund to DE89 3704 0044 0532 0130 01 please', 'refund to [id] please'],
  // a plate read out with a hesitation, a value a speaker goes on with on the next line, a question that points back
  ["Agent: And the registration?\nCaller: It's Romeo Kilo one four, uh, Delta Foxtrot Papa.", "Agent: And the registration?\nCaller: It's [plate]."],
  ["Agent: What's the car number?\nCaller: W D seven seven two, er, one K.", "Agent: What's the car number?\nCaller: [plate]."],
  [
    'Agent: Best number to reach you?\nCaller: Oh six one two three\nCaller: four four double nine.',
    'Agent: Best number to reach you?\nCaller: [phone]\nCaller: [phone].',
  ],
  [
    'Agent: Which card was it?\nCaller: the visa ending, hang on, six\nCaller: two zero one.',
    'Agent: Which card was it?\nCaller: the visa ending, hang on, [card]\nCaller: [card].',
  ],
  [
    'Caller: the app wants my date of birth and rejects it\nAgent: What are you entering?\nCaller: The third of the ninth, twenty twelve.',
    'Caller: the app wants my date of birth and rejects it\nAgent: What are you entering?\nCaller: [dob].',
  ],
  ['Agent: expiry\nCaller: oh nine twenty eight', 'Agent: expiry\nCaller: [card]'],
  [
    'Caller: the form needs my national insurance number.\nAgent: Sure, go ahead.\nCaller: P R, one two, three four, five six, C.',
    'Caller: the form needs my national insurance number.\nAgent: Sure, go ahead.\nCaller: [id].',
  ],
  ['your member number is B D five five one two nine', 'your member number is [id]'],
  // a date of birth with its day in words and a year no booking can have, in several languages
  ['for the junior league: Nine March 2011, and his sister Fourth of June 2008', 'for the junior league: [dob], and his sister [dob]'],
  ['Geburtsdatum? Einundzwanzigster Mai neunzehnhundertneunzig', 'Geburtsdatum? [dob]'],
  ['nacida el veintidós de octubre de 1987', 'nacida el [dob]'],
  ['my date of birth is may the ninth nineteen eighty four', 'my date of birth is [dob]'],
  ['doğum tarihim yirmi üç Nisan 1995', 'doğum tarihim [dob]'],
  ['the tournament is on twelve august 2027, book by nine july', 'the tournament is on twelve august 2027, book by nine july'],
  ['Agent: His birthday is [dob], right?\nCaller: Yes, the ninth of May.', 'Agent: His birthday is [dob], right?\nCaller: [dob].'],
  // digits said in Indonesian, Vietnamese and romanised Hindi; a digit word that opens the next sentence stays
  ['kode pintu empat satu tujuh dua ya kak', 'kode pintu [code] ya kak'],
  ['số điện thoại của em là không chín một, hai ba bốn, năm sáu bảy', 'số điện thoại của em là [phone]'],
  ['bhai gate ka code saat do paanch ek hai', 'bhai gate ka code [code] hai'],
  ['Your code is 4471. Do not share it.', 'Your code is [code]. Do not share it.'],
  // digits said in Swahili, Arabic, Russian, Hebrew and Persian, written in Chinese and Japanese, read in Korean
  ['nipigie kwa sifuri saba tatu tatu, nne moja mbili, sita sita tano', 'nipigie kwa [phone]'],
  ['رقمي صفر خمسة ثلاثة، واحد اثنين أربعة، تسعة تسعة ستة', 'رقمي [phone]'],
  ['код от калитки: девять один ноль два', 'код от калитки: [code]'],
  ['הקוד לדלת ארבע שבע אחת תשע', 'הקוד לדלת [code]'],
  ['کد در چهار، نه، یک، هفت', 'کد در [code]'],
  ['我的电话 幺八六，二二四零，七七一三', '我的电话 [phone]'],
  ['ドアコードは四二ゼロ八です', 'ドアコードは[code]です'],
  ['전화번호는 공일공 구팔칠육 오사삼이입니다', '전화번호는 [phone]입니다'],
  ['我们三个人，预约两点', '我们三个人，预约两点'],
  // numbers read with Spanish and Portuguese hundreds, and with "ponto", "traço", "guion" between their groups
  ['Agente: ¿Su DNI?\nCliente: Cuarenta y siete, trescientos quince, doscientos nueve, letra T.', 'Agente: ¿Su DNI?\nCliente: [id].'],
  ['meu CPF é dois um sete, ponto, quatro quatro oito, ponto, nove zero três, traço, seis dois', 'meu CPF é [id]'],
  // roles labelling a transcript's lines in other languages are words, not names
  ['Anrufer: Hallo, Tor drei klemmt.\nMitarbeiterin: Ich schaue nach.', 'Anrufer: Hallo, Tor drei klemmt.\nMitarbeiterin: Ich schaue nach.'],
  ['Оператор: Добрый день.\nКлиент: Здравствуйте.', 'Оператор: Добрый день.\nКлиент: Здравствуйте.'],
  // a name given as the answer to a question that asks for it in another language
  ['Agent: Wie heißen Sie?\nCaller: Brandt, Jonas.', 'Agent: Wie heißen Sie?\nCaller: [name].'],
  ['Agent: Qual é o seu nome?\nCliente: Tavares.', 'Agent: Qual é o seu nome?\nCliente: [name].'],
  // what these rules leave: an answer taken for a prompt, an ordinal that is no date, a registration that is no car's,
  // a golfer's putting, a form's next field, an amount after an account, a year that is guests, words around names
  ['Agent: Cash or card?\nCaller: Card.\nAgent: Lovely, that is 45 for bay 3.', 'Agent: Cash or card?\nCaller: Card.\nAgent: Lovely, that is 45 for bay 3.'],
  ['Agent: Is it for a birthday?\nCaller: Yes, second time here!', 'Agent: Is it for a birthday?\nCaller: Yes, second time here!'],
  ['Agent: Have you done the registration?\nCaller: Yes, for 4 people.', 'Agent: Have you done the registration?\nCaller: Yes, for 4 people.'],
  [
    'Caller: my card was declined\nAgent: Which putting green are you using?\nCaller: the one by bay 3',
    'Caller: my card was declined\nAgent: Which putting green are you using?\nCaller: the one by bay 3',
  ],
  ['Phone: 0412 555 018\nBooking: BK-48213\nDate: 2024-03-12', 'Phone: [phone]\nBooking: BK-48213\nDate: 2024-03-12'],
  ['the account was charged 1250.00 EUR twice', 'the account was charged 1250.00 EUR twice'],
  ['party on May twelve, nineteen guests', 'party on May twelve, nineteen guests'],
  ['the door: can we do 7 45 instead?', 'the door: can we do 7 45 instead?'],
  ['אני בסדר, תודה', 'אני בסדר, תודה'],
  ['谢谢先生', '谢谢先生'],
  ['잠시만요 고객님', '잠시만요 고객님'],
  ['mã của em là BK-48213', 'mã của em là BK-48213'],
  // usernames and handles: shaped as one after what names them, an @handle anywhere, one said aloud
  ["can't log in, username's par_for_course88", "can't log in, username's [id]"],
  ['my login is GreenJacketGuy if that helps', 'my login is [id] if that helps'],
  ['send it to my venmo @jordy-k please', 'send it to my venmo [id] please'],
  ['tag me @jess_golf99 in the photos', 'tag me [id] in the photos'],
  ['the alert posts to #emergency with @here, we are @home', 'the alert posts to #emergency with @here, we are @home'],
  ['it is tee underscore time twenty four', 'it is [id]'],
  ['the login is broken, username is fine, login code 552 918 expired', 'the login is broken, username is fine, login code [code] expired'],
  ['see you @ 6pm, and use the underscore one', 'see you @ 6pm, and use the underscore one'],
  // a value typed back at the start of the next turn, as the kind the turn before was removed as
  ['Caller: my licence is P, eight four, two two, one nine, K.\nAgent: P842219K? Thanks.', 'Caller: my licence is [plate].\nAgent: [plate]? Thanks.'],
  [
    'Agent: And the account number?\nCaller: six one, four four, zero nine, two two\nAgent: 61 44 09 22, perfect.',
    'Agent: And the account number?\nCaller: [phone]\nAgent: [phone], perfect.',
  ],
  [
    'Caller: booking ref is B K, four four, one two, under [name]\nAgent: BK4412, found it.',
    'Caller: booking ref is B K, four four, one two, under [name]\nAgent: BK4412, found it.',
  ],
  // names in scripts the name lists do not hold, by how a speaker introduces themselves or is addressed
  ['مرحبا، أنا يوسف القحطاني. حجزت المسار 2', 'مرحبا، أنا [name]. حجزت المسار 2'],
  ['أنا بخير، شكرا', 'أنا بخير، شكرا'],
  ['שלום, אני דנה כהן. הקוד לא עובד', 'שלום, אני [name]. הקוד לא עובד'],
  ['אני רוצה להזמין מסלול', 'אני רוצה להזמין מסלול'],
  ['سلام، من نگار رضایی هستم', 'سلام، من [name] هستم'],
  ['Добрый вечер, меня зовут Ирина Соколова', 'Добрый вечер, меня зовут [name]'],
  ['chào chị, em là Thảo, em đặt phòng 3', 'chào chị, em là [name], em đặt phòng 3'],
  ['สวัสดีครับ ผมชื่อ ประยุทธ์ ศรีสุข จองห้อง 2', 'สวัสดีครับ ผมชื่อ [name] จองห้อง 2'],
  ['你好，我叫王丽娜，想改预约', '你好，我叫[name]，想改预约'],
  ['刘女士，您的预约已确认', '[name]女士，您的预约已确认'],
  ['お客様、佐藤様のご予約は三番です', 'お客様、[name]様のご予約は三番です'],
  ['김민준 고객님, 예약 확인되었습니다. 회원 고객님은 할인됩니다', '[name] 고객님, 예약 확인되었습니다. 회원 고객님은 할인됩니다'],
  // a document's number later in the sentence that names it, in other words than "number"
  ['meine Mitgliedsnummer lautet 7719-2230-AT, danke', 'meine Mitgliedsnummer lautet [id], danke'],
  ['policy number ZK-TR-4410-2291-B for the claim', 'policy number [id] for the claim'],
  ['the membership card is stuck, the app shows MB-7001-3395 for it', 'the membership card is stuck, the app shows [id] for it'],
  ['membership renewal for two is €1,250.00 this year', 'membership renewal for two is €1,250.00 this year'],
  ['Agent: Did you finish the registration?\nCaller: Yes, last Tuesday', 'Agent: Did you finish the registration?\nCaller: Yes, last Tuesday'],
  // a membership's or a customer's number named in other words, other languages and other scripts
  ['renewing my membership (No. GX-0083319) from March', 'renewing my membership (No. [id]) from March'],
  ['Is the loyalty scheme valid abroad? Number is LP 4410 2291', 'Is the loyalty scheme valid abroad? Number is [id]'],
  ['my customer number is K-5520817, the app is down', 'my customer number is [id], the app is down'],
  ['Hallo, Kundennummer DE-77120, bitte', 'Hallo, Kundennummer [id], bitte'],
  ['Üyelik numaram TK-20981, teşekkürler', 'Üyelik numaram [id], teşekkürler'],
  ['我的会员号是 BJ-55017，谢谢', '我的会员号是 [id]，谢谢'],
  ['会員番号は 77120 です', '会員番号は [id] です'],
  ['회원번호 SE-30117 입니다', '회원번호 [id] 입니다'],
  ['membership card stopped working and the card number on it is 7720 1183 4409', 'membership card stopped working and the card number on it is [id]'],
  ['booking SP-51209 for the membership night', 'booking SP-51209 for the membership night'],
  // usernames in other languages, and words joined by underscores
  ['mi usuario es pelotazo77 y no entra', 'mi usuario es [id] y no entra'],
  ['Passwort vergessen, Benutzername ist eisvogel', 'Passwort vergessen, Benutzername ist [id]'],
  ['my username is wrong on the receipt', 'my username is wrong on the receipt'],
  ['add me, im big_swing_kev on there', 'add me, im [id] on there'],
  ['wifi network is bay_guest_5g', 'wifi network is bay_guest_5g'],
  ['speaker_1: hello, golf line', 'speaker_1: hello, golf line'],
  ['the app says error card_declined again', 'the app says error card_declined again'],
  ['escalated: human_required, no_sop_found', 'escalated: human_required, no_sop_found'],
  // dates of birth with the year said as two numbers, Polish months
  ['Caller: and my husband, the ninth of March, sixty-one.', 'Caller: and my husband, [dob].'],
  ['Agent: Seventeenth of October eighty-eight, lovely.', 'Agent: [dob], lovely.'],
  ['my son, the first of June, twenty-eleven', 'my son, [dob]'],
  ['we booked the fourth of July, thirty minutes late though', 'we booked the fourth of July, thirty minutes late though'],
  ['see you the fifth of June, twenty twenty-six', 'see you the fifth of June, twenty twenty-six'],
  ['córka urodzona 14 maja 2011, prosimy o zniżkę', 'córka urodzona [dob], prosimy o zniżkę'],
  // a child's date of birth with no cue: a year five or more before this one no booking has
  ['junior sign-up: 14/02/2018, under-10s group', 'junior sign-up: [dob], under-10s group'],
  ['my daughter, the third of May twenty seventeen', 'my daughter, [dob]'],
  [`we booked for 14/02/${new Date().getFullYear() + 1}, bay 2`, `we booked for 14/02/${new Date().getFullYear() + 1}, bay 2`],
  // full names typed in small letters; not a name before a typo, not another language's words
  ["left a bag, it has kevin okafor's name on it", "left a bag, it has [name] [name]'s name on it"],
  ['left it with sarah mcallister at the desk', 'left it with [name] at the desk'],
  ["wallet is in the name of bill o'connor", 'wallet is in the name of [name] [name]'],
  ['i will defintely be there by 8', 'i will defintely be there by 8'],
  ['ciao, vorremmo prenotare per sabato sera', 'ciao, vorremmo prenotare per sabato sera'],
  ["see you at seven o'clock", "see you at seven o'clock"],
  // staff and callers introducing themselves in more languages
  ['Agent: Hei, kundeservice, det er Ingrid.', 'Agent: Hei, kundeservice, det er [name].'],
  ['Konsultant: Dzień dobry, tu Magda.', 'Konsultant: Dzień dobry, tu [name].'],
  ['Wakala: Habari, naitwa Baraka, nikusaidie?', 'Wakala: Habari, naitwa [name], nikusaidie?'],
  ['Agen: Selamat pagi, dengan Dewi, ada yang bisa dibantu?', 'Agen: Selamat pagi, dengan [name], ada yang bisa dibantu?'],
  ["Agent: Hello, you've got Tamsin at support.", "Agent: Hello, you've got [name] at support."],
  ['Agent: Goedemiddag, u spreekt met Sanne.', 'Agent: Goedemiddag, u spreekt met [name].'],
  ['Asiakas: Moi, täällä Jussi, varasin boksin', 'Asiakas: Moi, täällä [name], varasin boksin'],
  ['I met the manager there', 'I met the manager there'],
  // plates read out in other languages, with their spelling alphabets and "X as in Y"
  ['das Kennzeichen ist B wie Berta, K wie Kaufmann, dann fünf drei eins', 'das Kennzeichen ist [plate]'],
  ['Klant: kenteken H van Hendrik, twee negen, S van Simon, T van Theodoor', 'Klant: kenteken [plate]'],
  ['Kund: registreringsnummer Adam, Bertil, Caesar, sju, noll, tre', 'Kund: registreringsnummer [plate]'],
  ['Cliente: la targa è Torino Milano, cinque sei due, Bologna Como', 'Cliente: la targa è [plate]'],
  ['Caller: plate is R as in romeo, T, Y, seven seven three', 'Caller: plate is [plate]'],
  ['Caller: the plate is two four one, K, double eight nine', 'Caller: the plate is [plate]'],
  ['Caller: the plate, seven-K-L-M-two-one-one', 'Caller: the plate, [plate]'],
  ['Rep: your driving licence number, then your plate?', 'Rep: your driving licence number, then your plate?'],
  // codes named in Greek, Czech, Vietnamese; a one-time code in three pairs
  ['ο κωδικός είναι 7 3 1 8, ευχαριστώ', 'ο κωδικός είναι [code], ευχαριστώ'],
  ['kód od dveří je 6620', 'kód od dveří je [code]'],
  ['mã cửa 4 4 1 9 không đúng', 'mã cửa [code] không đúng'],
  ['the door code you sent is 31 07 92 right?', 'the door code you sent is [code] right?'],
  ['Agent: And your National Insurance number?\nCaller: Q Q, 12 34 56, C.', 'Agent: And your National Insurance number?\nCaller: [id].'],
  ['Caller: my NI number is Q Q, 12 34 56, C', 'Caller: my NI number is [id]'],
  // British postcodes and Eircodes read out
  ['Caller: it is nine Mill Lane, Bath, B A two, four K L.', 'Caller: it is [address], [address].'],
  ['Caller: Leeds, L S twelve, three P Q', 'Caller: Leeds, [address]'],
  ['Caller: the Eircode is T twelve, R eight X two', 'Caller: the Eircode is [address]'],
  ['Caller: V nine four, C six P one', 'Caller: [address]'],
  ['Caller: booking B K nine nine eight one two', 'Caller: booking B K nine nine eight one two'],
  // emails said in Catalan, Czech, with Spanish numbers in them
  ['el correu és marta punt soler arrova gmail punt com', 'el correu és [email]'],
  ['email je jana tečka dvorakova zavináč seznam tečka cz', 'email je [email]'],
  ['mi correo es luis punto mora cuarenta y uno arroba gmail punto com', 'mi correo es [email]'],
  // numbers said in Turkish, Belgian French, Finnish and Thai, "um" among Portuguese digits
  ['numaram sıfır beş yüz kırk bir, üç yüz on iki, altmış yedi, doksan', 'numaram [phone]'],
  ['mon numéro: zéro quatre septante-deux, nonante et un, huitante-trois, dix', 'mon numéro: [phone]'],
  ['Numero on nolla neljä viisi, kuusi kaksi kolme, yksi yhdeksän', 'Numero on [phone]'],
  ['รหัสประตูคือ สอง เจ็ด แปด หนึ่ง ค่ะ', 'รหัสประตูคือ [code] ค่ะ'],
  ['Cliente: a senha? Um, sete, quatro, dois.', 'Cliente: a senha? [code].'],
  ['um, I tried five five one two and it failed', 'um, I tried [code] and it failed'],
  // a name then "speaking" in other languages; not "Ik ben hier"
  ['Dzień dobry, Zosia przy telefonie.', 'Dzień dobry, [name] przy telefonie.'],
  ['Hallo, Jens hier, Bucht drei geht nicht', 'Hallo, [name] hier, Bucht drei geht nicht'],
  ['Ik ben hier. Baan 2 is leeg', 'Ik ben hier. Baan 2 is leeg'],
  // phones, cards and postal codes as other countries write them; UPI addresses; an IBAN read back
  ['numaram 0541 227 90 18, arayın lütfen', 'numaram [phone], arayın lütfen'],
  ['karta kończy się na 7730, proszę o zwrot', 'karta kończy się na [card], proszę o zwrot'],
  ['kortet slutter på 4410, takk', 'kortet slutter på [card], takk'],
  ['factura a mi nombre, C.P. 44130, gracias', 'factura a mi nombre, C.P. [address], gracias'],
  ['refund to my UPI asha.k77@oksbi please', 'refund to my UPI [id] please'],
  [
    'Agent: For the direct debit I need the new IBAN.\nCaller: sure\nAgent: I have DE21 3704 0044 0532 0130 00, right?',
    'Agent: For the direct debit I need the new IBAN.\nCaller: sure\nAgent: I have [id], right?',
  ],
  // Polish and Russian hundreds and tens in a phone number; a number corrected on the way
  ['numer: sześćset dwa, czterysta dziewięćdziesiąt, sto siedemnaście', 'numer: [phone]'],
  ['телефон девятьсот шестнадцать, двести сорок, пятнадцать, семьдесят', 'телефон [phone]'],
  ['Caller: oh seven seven one, four four... no wait, four five, two, nine one eight three', 'Caller: [phone]'],
  ['card number four four one one, one one... sorry, four four one one, one two two three, four four five five, six six seven eight', 'card number [card]'],
  ['bay two, no, bay three please', 'bay two, no, bay three please'],
  ['Caller: oh seven seven one, four four... hang on, four five, two, nine one eight three', 'Caller: [phone]'],
  ['mera number zero double seven, zero zero, nine, double one, four five six... nahi, four six five', 'mera number [phone]'],
  ['mobile 07958 six one two, four four zero', 'mobile [phone]'],
  ['Got it, gift card GC-77310, seventy-five pounds, unused.', 'Got it, gift card GC-77310, seventy-five pounds, unused.'],
  ['Client : 8 rue des Lilas, 69003 Lyon. Soixante-neuf zéro zéro trois.', 'Client : [address]. [address].'],
  ['Kunde: Storgata 15B, 0184 Oslo. Null en åtte fire.', 'Kunde: [address]. [address].'],
  ['Ansatt: Swing Space, her.\nKunde: Hei, jeg trenger kvitteringen.', 'Ansatt: Swing Space, her.\nKunde: Hei, jeg trenger kvitteringen.'],
  ['Dzień dobry, numer członkowski 0051-2287. Kod do drzwi', 'Dzień dobry, numer członkowski [id]. Kod do drzwi'],
  ['Sono qui, tessera n. IT-7720', 'Sono qui, tessera n. [id]'],
  ['Mijn lidmaatschapsnummer is NL-20931 en mijn', 'Mijn lidmaatschapsnummer is [id] en mijn'],
  // a value written, then read out letter by letter in any spelling
  ['my car has German plate, M - AB 1234. M wie Martha, A B, eins zwei drei vier.', 'my car has German plate, [plate]. [plate].'],
  ['Klant: Kenteken is G-123-BB. Gee, een twee drie, bee bee.', 'Klant: Kenteken is [plate]. [plate].'],
  ['Caller: 55 Bloor Street West, unit 1204, Toronto, Ontario, M4W 1A5. M four W, one A five.', 'Caller: [address]. [address].'],
  ['Beller: Keizersgracht 221, 1016 DV Amsterdam. Dus tien zestien, D V.', 'Beller: [address]. Dus [address].'],
  ['Agent: And the postcode?\nCaller: N for Norman, R for Robert, two one, nought A B', 'Agent: And the postcode?\nCaller: [address]'],
  // a value said in words, read back written or said another way
  [
    "Agent: Sure, can I get your member number?\nCustomer: uh it's K T double oh four one two seven\nAgent: KT zero zero four one two seven, thanks. Confirming KT004127?",
    "Agent: Sure, can I get your member number?\nCustomer: uh it's [id]\nAgent: [id], thanks. Confirming [id]?",
  ],
  // a request said without a question mark
  ['Agent: could I take your postcode please\nCaller: L S six, four J P', 'Agent: could I take your postcode please\nCaller: [address]'],
  [
    'Agent: can you read me the card number\nCaller: four four one one, one two two three, four four five five, six six seven eight',
    'Agent: can you read me the card number\nCaller: [card]',
  ],
  ['Kunde: my residence permit number is RP 8841207', 'Kunde: my residence permit number is [id]'],
  [
    'Ana: Membership number please?\nBen: It is on the card... KLB dash zero zero seven one one four.\nAna: KLB-007114. And your date of birth?',
    '[name]: Membership number please?\n[name]: It is on the card... [id].\n[name]: [id]. And your date of birth?',
  ],
  [
    'Kundtjänst: Vilket kort använde du?\nKund: Visa, slutar på fyra två noll sex, går ut noll nio tjugosju.\nKundtjänst: Slutsiffror 4206, giltigt till 09/27.',
    'Kundtjänst: Vilket kort använde du?\nKund: Visa, slutar på [card], går ut [card].\nKundtjänst: Slutsiffror [card], giltigt till [card].',
  ],
  [
    'Medewerker: Met welke kaart?\nKlant: de laatste vier cijfers zijn twee twee vijf een',
    'Medewerker: Met welke kaart?\nKlant: de laatste vier cijfers zijn [card]',
  ],
  ['Operátor: SPZ vozu prosím.\nZákazník: 5AC 1290', 'Operátor: SPZ vozu prosím.\nZákazník: [plate]'],
  ['Temsilci: Plakanız nedir?\nArayan: 06 ABC 712', 'Temsilci: Plakanız nedir?\nArayan: [plate]'],
  // a middle name between two names, whatever else it means, and only there
  ['Merhaba, ben Ahmet Can Kaya. Can you help?', 'Merhaba, ben [name] [name] [name]. Can you help?'],
  ['Thanks Maria And Jose', 'Thanks [name] And [name]'],
  // codes named and tried in other languages
  ['Az ajtókód 7704 volt, de nem nyit.', 'Az ajtókód [code] volt, de nem nyit.'],
  ['Ovikoodi ei toimi, kokeilin 3391 monta kertaa.', 'Ovikoodi ei toimi, kokeilin [code] monta kertaa.'],
  ['ho provato 4471 ma niente', 'ho provato [code] ma niente'],
  // dates of birth named in Hungarian, Czech, Nordic, Turkish and German
  ['az adataim, szül. dátum 1990. 11. 03.', 'az adataim, szül. dátum [dob].'],
  ['Dobrý den, narozen 14. 2. 1985.', 'Dobrý den, narozen [dob].'],
  ['Mitt födelsedatum är 1993-07-21', 'Mitt födelsedatum är [dob]'],
  ['Doğum tarihim 12.05.1988', 'Doğum tarihim [dob]'],
  ['Weber, geb. 03.04.1961', '[name], geb. [dob]'],
  // documents and member numbers named in Polish, Czech, Dutch and English
  ['nr karty członkowskiej 0093-1145 proszę', 'nr karty członkowskiej [id] proszę'],
  ['členské číslo je 615-220-19.', 'členské číslo je [id].'],
  ['Mijn rijksregisternummer is 72.11.04-158.22', 'Mijn rijksregisternummer is [id]'],
  ['my student ID is U7712093, is there a discount?', 'my student ID is [id], is there a discount?'],
  // "Jan" is a name; a month only in a date
  ['this is Jan Pieters, booked for Jan 5th', 'this is [name], booked for Jan 5th'],
  // streets of Finland and Hungary
  ['osoite Satakunnankatu 9 B 12, 33100 Tampere', 'osoite [address]'],
  ['Kossuth Lajos utca 12.', '[address].'],
  // an address asked for in Hungarian, Finnish and Polish, answered in words
  ['Ügyintéző: Milyen címre küldjük?\nÜgyfél: Petőfi utca harminckettő, első emelet.', 'Ügyintéző: Milyen címre küldjük?\nÜgyfél: [address].'],
  ['Asiakaspalvelu: Mihin osoitteeseen?\nAsiakas: Aleksanterinkatu kolmetoista, Helsinki.', 'Asiakaspalvelu: Mihin osoitteeseen?\nAsiakas: [address].'],
  ['Konsultant: Jaki adres?\nKlient: Ulica Długa dwadzieścia, mieszkanie trzy.', 'Konsultant: Jaki adres?\nKlient: [address].'],
  // a Nordic mobile in 3-3-2-2, a card's last digits joined by dashes
  ['kan du ringa henne, nr 070 415 22 93', 'kan du ringa henne, nr [phone]'],
  ["the card is my wife's, last 4 digits 7-1-4-9", "the card is my wife's, last 4 digits [card]"],
  // digits said in Japanese, Korean, Tagalog, romanised Arabic, Czech, Slovak, Hungarian, Romanian and Estonian
  ['bangou wa zero hachi zero, san yon ichi ni, kyuu go roku nana desu', 'bangou wa [phone] desu'],
  ['beonho gong il gong, chil pal sam sa, gu yuk il i', 'beonho [phone]'],
  ['number ko sero siyam dalawa, walo tatlo apat, lima anim pito isa', 'number ko [phone]'],
  ['raqmi sifr khamsa tisa, wahid itnain talata, arba sitta saba tamanya', 'raqmi [phone]'],
  ['číslo je sedm tři dva, nula osm devět, šest pět čtyři', 'číslo je [phone]'],
  ['numărul meu este zero șapte doi unu, trei patru cinci, opt nouă șase', 'numărul meu este [phone]'],
  ['telefon: egy kettő három, négy öt hat, hét nyolc kilenc nulla', 'telefon: [phone]'],
  ['minu number on viis kaks kolm, neli kuus seitse, kaheksa üheksa', 'minu number on [phone]'],
  // a digit that is an everyday word stays a word at a run's edge
  ['can i go 2 3 pm?', 'can i go 2 3 pm?'],
  // codes, dates of birth and cards named in Japanese, Korean, Arabic, Icelandic, Estonian, Vietnamese, Hindi, Tagalog and Romanian
  ['doa no ango wa 5820 desu', 'doa no ango wa [code] desu'],
  ['bimil beonho 3307 imnida', 'bimil beonho [code] imnida'],
  ['ramz el bab 9914', 'ramz el bab [code]'],
  ['hurðarkóðinn er 6620', 'hurðarkóðinn er [code]'],
  ['uksekood on 1184', 'uksekood on [code]'],
  ['ngày sinh 12 tháng 4 năm 1990', 'ngày sinh [dob]'],
  ['janam tithi 03.11.1987', 'janam tithi [dob]'],
  ['Agent: Anong card?\nCaller: Visa, nagtatapos sa 5512', 'Agent: Anong card?\nCaller: Visa, nagtatapos sa [card]'],
  ['cardul se termină în 7730', 'cardul se termină în [card]'],
  // an email said in Finnish, Turkish, romanised Japanese, Vietnamese and Romanian
  ['sähköposti: aino piste virta ät gmail piste com', 'sähköposti: [email]'],
  ['mailim zeynep nokta kaya et hotmail nokta com', 'mailim [email]'],
  ['meeru wa sato atto maaku yahoo dotto co dotto jp', 'meeru wa [email]'],
  ['email là lan a còng gmail chấm com', 'email là [email]'],
  ['emailul meu: ion punct ene arond yahoo punct com', 'emailul meu: [email]'],
  ['Paul et Marie, point final', '[name] et [name], point final'],
  // an address named in another language, then given
  ['adresa mea: Str. Lalelelor 17, bl. 2, ap. 9, Cluj. Vă mulțumesc', 'adresa mea: [address]. Vă mulțumesc'],
  ['bydlím na adrese Karlova 31, 110 00 Praha 1', 'bydlím na adrese [address]'],
  ['địa chỉ 12 đường Hai Bà Trưng, Quận 3', 'địa chỉ [address]'],
  ['heimilisfang Skólavörðustígur 8, 101 Reykjavík', 'heimilisfang [address]'],
  // member numbers, documents and plates named in romanised Japanese and Korean, Vietnamese, Estonian, Icelandic, Romanian and Greek
  ['kaiin bangou wa KX-30918 desu', 'kaiin bangou wa [id] desu'],
  ['hoewon beonho 77120', 'hoewon beonho [id]'],
  ['số thành viên 5530129', 'số thành viên [id]'],
  ['minu liikmenumber on 4410023', 'minu liikmenumber on [id]'],
  ['isikukood 38711020215', 'isikukood [id]'],
  ['CNP 2870512400011', 'CNP [id]'],
  ['biển số xe 30A-56789', 'biển số xe [plate]'],
  ['bílnúmerið er KT 512', 'bílnúmerið er [plate]'],
  ['passport on the table 12', 'passport on the table 12'],
  // a card's expiry said with the words for running out, only just after a card
  ['la carta scade 07/28', 'la carta scade [card]'],
  ['die Karte läuft ab 02/27', 'die Karte läuft ab [card]'],
  ['kortet går ut 11/26', 'kortet går ut [card]'],
  ['a kártya lejár 09/29', 'a kártya lejár [card]'],
  ['il buono scade 06/29', 'il buono scade 06/29'],
  // a card's security code named in French, Spanish, German, Swedish and Finnish
  ['le cryptogramme 318', 'le cryptogramme [card]'],
  ['código de seguridad es 902', 'código de seguridad es [card]'],
  ['Prüfnummer 447', 'Prüfnummer [card]'],
  ['säkerhetskod är 561', 'säkerhetskod är [card]'],
  ['turvakoodi on 230', 'turvakoodi on [card]'],
  // a name asked for as the card's holder
  ['Agente: ¿Titular de la tarjeta?\nCliente: Marta Vidal.', 'Agente: ¿Titular de la tarjeta?\nCliente: [name].'],
  ['Agent: And the cardholder?\nCaller: Ingrid Holm.', 'Agent: And the cardholder?\nCaller: [name].'],
  // a count of times after a code is no digit of it
  ['I tried 5521 three times', 'I tried [code] three times'],
  ['kokeilin 3391 kolme kertaa', 'kokeilin [code] kolme kertaa'],
  ['Grüezi, mini Adresse isch am Bahnhof. Nr. 12 isch falsch', 'Grüezi, mini Adresse isch am Bahnhof. Nr. 12 isch falsch'],
  ['Agent: Which is the best day?\nCaller: Friday, five to seven', 'Agent: Which is the best day?\nCaller: Friday, five to seven'],
  ['I for one think a b c is fine', 'I for one think a b c is fine'],
  // Greek digits, Danish "et"
  ['Ο κωδικός είναι οκτώ, τρία, τρία, ένα', 'Ο κωδικός είναι [code]'],
  ['Θέλω ένα μπαστούνι και δύο μπάλες', 'Θέλω ένα μπαστούνι και δύο μπάλες'],
  ['Hej, koden er seks et nul ni, men døren åbner ikke', 'Hej, koden er [code], men døren åbner ikke'],
  ['card four four one one, actually, four four one one, one two two three, four four five five, six six seven eight', 'card [card]'],
  // Danish and Norwegian digits that are English words too, among Danish or Norwegian
  ['Min kode virker ikke, den hedder fire to fire to.', 'Min kode virker ikke, den hedder [code].'],
  ['we went from ten to ten to ten, and two to two to two', 'we went from ten to ten to ten, and two to two to two'],
  [
    'Caller: I think the pin is 4471? or the last one is a 7\nAgent: yes, 4471 works, you have a hundred and ten dollars on it',
    'Caller: I think the pin is [code]? or the last one is a 7\nAgent: yes, [code] works, you have a hundred and ten dollars on it',
  ],
  // a transcript's times are no answer; a speaker's turns with times are one speaker's
  [
    '[00:00:40] Rep: Expiry?\n[00:00:41] Customer: oh nine twenty-seven. CVV six six one.\n[00:00:47] Rep: All set for 2:30, bay one.',
    '[00:00:40] Rep: Expiry?\n[00:00:41] Customer: [card]. CVV [card].\n[00:00:47] Rep: All set for 2:30, bay one.',
  ],
  ['[0:12] Agent: Name?\n[0:13] Caller: Priya Raman-Shah', '[0:12] Agent: Name?\n[0:13] Caller: [name]'],
  // digits typed one by one: a card's when they pass its checksum, a phone's with a zero among them; a score card stays
  ['Caller: 3 7 1 4, 4 9 6 3 5 3, 9 8 4 3 1', 'Caller: [card]'],
  ['call or text 0 4 1 7 5 5 5 2 3 9 thx', 'call or text [phone] thx'],
  ['we shot 4 5 3 4 4 5 3 4 5 on the front nine', 'we shot 4 5 3 4 4 5 3 4 5 on the front nine'],
  // a staff or an employee number names a person; a guest's name in quotes; "Ola" a name only after the surest cues
  ['not sending my NHS number lol, but staff ID E-558103', 'not sending my NHS number lol, but staff ID [id]'],
  ["Caller: My student number's 2207.", "Caller: My student number's [id]."],
  ["Booking conf says guest name 'Ola Nordmann-Berg' thats not me", "Booking conf says guest name '[name]' thats not me"],
  ['Ola! tudo bem? quero reservar', 'Ola! tudo bem? quero reservar'],
  ['hi, my name is Ola', 'hi, my name is [name]'],
  // letters spelled with "as in" after a comma, an underscore said between them, "at" and a provider after them
  ['its b, as in bravo, h, a, r, g, a, v, at protonmail dot com', 'its [email]'],
  ['Customer: T as in Tango, O, B, I, underscore, A, D, E, W, A, L, E, at G mail.', 'Customer: [email].'],
  ['its D as in David, A, N, A at the front desk', 'its [name] at the front desk'],
  // a booking's name, a house number and "what should it be?" ask for a name, an address and what the line before spoke of
  ['Agent: Booking name?\nCaller: Faisal. Faisal bin Khalid.', 'Agent: Booking name?\nCaller: [name]. [name] [name].'],
  ['Agent: And the house number?\nCaller: 116, flat B, Amhurst Road.', 'Agent: And the house number?\nCaller: [address].'],
  // a name typed in small letters as the whole answer, when its last word is a name; a Hindi introduction
  ['Sure, what name is it under?\nkeisha patel\nsorry Keisha Patel, autocorrect lol', 'Sure, what name is it under?\n[name]\nsorry [name], autocorrect lol'],
  ['Agent: what name is it under?\nCaller: not sure', 'Agent: what name is it under?\nCaller: not sure'],
  ['Agent: Namaste, SwingZone, main Kavya bol rahi hoon.', 'Agent: Namaste, SwingZone, main [name] bol rahi hoon.'],
  ['main bol raha hoon ki bay 3 ka screen band hai', 'main bol raha hoon ki bay 3 ka screen band hai'],
  // a surname of two parts in small letters; a four-digit code typed in two pairs, not a longer number or a measure
  ['hey its marguerite deschamps-oyelaran, booked bay 4', 'hey its [name], booked bay 4'],
  ['im locked out my pin was 55 21 but the keypad beeps red', 'im locked out my pin was [code] but the keypad beeps red'],
  ['the pin is 15 20 yards away', 'the pin is 15 20 yards away'],
  [
    'CALLER: I need to update my DOB, the app has the wrong year.\nAGENT: What should it be?\nCALLER: twelve, twelve, ninety.',
    'CALLER: I need to update my DOB, the app has the wrong year.\nAGENT: What should it be?\nCALLER: [dob].',
  ],
  // a password made up of a word and digits, where a password was named (not the Wi-Fi's); quantities answer no code question
  ['can you put a password on the account? Use marmalade42.', 'can you put a password on the account? Use [code].'],
  ['Rep: would you like to add a password?\nCustomer: Yes, make it tigerwoods1975.', 'Rep: would you like to add a password?\nCustomer: Yes, make it [code].'],
  [
    'the one on the sign (GolfBay_Guest / swing2024), is that the wifi password?',
    'the one on the sign (GolfBay_Guest / swing2024), is that the wifi password?',
  ],
  [
    'Caller: How long does the door code stay live?\nAgent: It activates 10 minutes before your slot, enter the 4-digit PIN.',
    'Caller: How long does the door code stay live?\nAgent: It activates 10 minutes before your slot, enter the 4-digit PIN.',
  ],
  // A given name that is also a word, where the phrase says it names someone.
  ['door code pls, bay 2 at 9 under Hope', 'door code pls, bay 2 at 9 under [name]'],
  ['door code pls, bay 2 at 9 under mark.', 'door code pls, bay 2 at 9 under [name].'],
  ['bay 2 at 9, the one under the stairs', 'bay 2 at 9, the one under the stairs'],
  ['the voucher is for Summer Kowalczyk, she will love it', 'the voucher is for [name] [name], she will love it'],
  ['Gift card for my aunt (Rose Abernathy-Kwan), thanks', 'Gift card for my aunt ([name] [name]), thanks'],
  ['Summer league starts next week', 'Summer league starts next week'],
  ['its bill from the monday group, can we add a bay', 'its [name] from the monday group, can we add a bay'],
  ['its summer, we are always busy lol', 'its summer, we are always busy lol'],
  ['its fine, we sorted it', 'its fine, we sorted it'],
  // A surname in small letters after a name, in English only.
  ['ya hi its uh its [name] qureshi booked the ten pm', 'ya hi its uh its [name] booked the ten pm'],
  ['Please refund to account holder S. van den Berg, ABN bank, thanks', 'Please refund to account holder [name], ABN bank, thanks'],
  ['Agente: ¿Con B?\nCliente: B de Barcelona, sí.', 'Agente: ¿Con B?\nCliente: B de Barcelona, sí.'],
  ['Agent: Nombor IC?\nCaller: 880521-14-5523.', 'Agent: Nombor IC?\nCaller: [id].'],
  ['Carte étudiante n° 31805522, merci', 'Carte étudiante n° [id], merci'],
  ['Me cobraron dos veces, socio nº 00731.', 'Me cobraron dos veces, socio nº [id].'],
  ['Vuestro código no va. Saludos, equipo SwingLab', 'Vuestro código no va. Saludos, equipo SwingLab'],
  ['running 10 late sorry. Cheers, Aroha Ngata 021 555 0187', 'running 10 late sorry. Cheers, [name] [phone]'],
  ['Koden virker ikke. Mvh Kari Nordmann', 'Koden virker ikke. Mvh [name]'],
  [
    "Agent: Phone for reminders?\nCaller: Zero one zero, etnein etnein tamanya saba'a, arba'a arba'a wahed tes'a.",
    'Agent: Phone for reminders?\nCaller: [phone].',
  ],
  ['rakami sifr khamsa sab3a, arba3a wa7ed tis3a talata', 'rakami [phone]'],
  ["my number on file is wrong, it's 0412 555 019 not 0127", "my number on file is wrong, it's [phone] not [phone]"],
  ["the receipt says Cathal, it's Cathal not Cahal lol", "the receipt says [name], it's [name] not [name] lol"],
  ['the booking has me as Aoibhinn, its Aoibhinn not Eveen', 'the booking has me as [name], its [name] not [name]'],
  ['keeps asking my NRIC. My name Tan Boon Huat, thx', 'keeps asking my NRIC. My name [name], thx'],
  ['my name was spelled wrong on the receipt', 'my name was spelled wrong on the receipt'],
  ['can the voucher be addressed to Will Hartley-Brown? its his 40th', 'can the voucher be addressed to [name]? its his 40th'],
  ["booking was under my name liam o'driscoll, ref 44-BNX", 'booking was under my name [name] [name], ref 44-BNX'],
  ['the 8pm is not 9pm, it is [code] not ok', 'the 8pm is not 9pm, it is [code] not ok'],
  [
    'spk_0: And the three digits on the back.\nspk_1: 482.\nspk_0: Thank you. And the name on the card?\nspk_1: Dawn E. Whitfield.',
    'spk_0: And the three digits on the back.\nspk_1: [card].\nspk_0: Thank you. And the name on the card?\nspk_1: [name]. [name].',
  ],
  ['Agent: Lovely. Name for the parcel?\nCaller: Orla Fitzgerald.', 'Agent: Lovely. Name for the parcel?\nCaller: [name].'],
  ['Agent: Can I get your name and card number?\nCaller: Dawn, 4111 1111 1111 1111', 'Agent: Can I get your name and card number?\nCaller: Dawn, [card]'],
  [
    "Rep: What's the new number?\nCustomer: It's oh seven seven nine three...\nRep: Seven seven nine three, yep.\nCustomer: ...two one four, and then eight eight zero.\nRep: Got it.",
    "Rep: What's the new number?\nCustomer: It's [phone]...\nRep: [phone], yep.\nCustomer: ...[phone], and then [phone].\nRep: Got it.",
  ],
  [
    "Agent: What's the best number to reach you?\nCaller: Four six nine,\nAgent: Mm-hm.\nCaller: 555 0182.",
    "Agent: What's the best number to reach you?\nCaller: [phone],\nAgent: Mm-hm.\nCaller: [phone].",
  ],
  [
    "Agent: What's the new number?\nCaller: Four five six...\nAgent: Okay.\nCaller: 10 minutes till I'm there, can I tell you then?",
    "Agent: What's the new number?\nCaller: [phone]...\nAgent: Okay.\nCaller: 10 minutes till I'm there, can I tell you then?",
  ],
  ["His name's William but everyone calls him Bill.", "His name's [name] but everyone calls him [name]."],
  ['Agent: Great. A number for you?\nCaller: 403, 555, 0119.', 'Agent: Great. A number for you?\nCaller: [phone].'],
  ['Merhaba Burak Bey, ben Zeynep Kaya.', '[name] Bey, ben [name].'],
  ["Agent: Salamat po, Ma'am Maricel.", "Agent: Salamat po, Ma'am [name]."],
  ["I'm calling for my mom, Doña Carmen Ruiz, she booked a lesson", "I'm calling for my mom, Doña [name] [name], she booked a lesson"],
  ['Dah siap, Cik Nurul.', 'Dah siap, Cik [name].'],
  ['Mera CNIC 35202-1234567-1 hai, membership ke liye.', 'Mera CNIC [id] hai, membership ke liye.'],
  ['IC saya 850612-14-5527 kalau perlu', 'IC saya [id] kalau perlu'],
  ['mon numéro étudiant est 21904473. Merci', 'mon numéro étudiant est [id]. Merci'],
  ['er hat einen Schülerausweis, Nummer SA-2231-09.', 'er hat einen Schülerausweis, Nummer [id].'],
  [
    'eh bay 3 aircon cannot on, booking under Tan, 9123 4567. can send someone or not',
    'eh bay 3 aircon cannot on, booking under [name], [phone]. can send someone or not',
  ],
  ['Contact me 8821 3394, I was playing until 10.30pm', 'Contact me [phone], I was playing until 10.30pm'],
  ['gift card 9123 4567 balance please', 'gift card 9123 4567 balance please'],
  ['Comprei um vale-presente de 200 reais e o código PL-GIFT-8841 não funciona.', 'Comprei um vale-presente de 200 reais e o código [code] não funciona.'],
  ['my access link says expired (LINK-EXP-09). booking is 7-9 tonight', 'my access link says expired (LINK-EXP-09). booking is 7-9 tonight'],
  ['Agent: A Bushnell?\nCaller: Yes, the Pro XE.', 'Agent: A Bushnell?\nCaller: Yes, the Pro XE.'],
  ['Danke Herr Brückner, die Kündigung gilt zum 31. März.', 'Danke Herr [name], die Kündigung gilt zum 31. März.'],
  ['Thanks Mr Brown, see you at 7', 'Thanks Mr [name], see you at 7'],
  ['Agent: Assalam o alaikum, Par Lounge Lahore, Sana baat kar rahi hoon.', 'Agent: Assalam o alaikum, Par Lounge Lahore, [name] baat kar rahi hoon.'],
  ["Agent: Bore da, Tee Box Cardiff, Ceri sy'n siarad.", "Agent: Bore da, Tee Box Cardiff, [name] sy'n siarad."],
  ['Boa tarde! Sou o Thiago, perdi minha carteira na baia 3', 'Boa tarde! Sou o [name], perdi minha carteira na baia 3'],
  ['thanks for sorting it -- kez', 'thanks for sorting it -- [name]'],
  ['Bayaran balik RM80 ke kad yang berakhir 7753, betul?', 'Bayaran balik RM80 ke kad yang berakhir [card], betul?'],
  [
    'Rep: Callback number?\nCustomer: oh seven seven\nRep: oh seven seven, yep\nCustomer: zero zero, nine double four\nRep: nine double four\nCustomer: then six one two\nRep: lovely',
    'Rep: Callback number?\nCustomer: [phone]\nRep: [phone], yep\nCustomer: [phone]\nRep: [phone]\nCustomer: then [phone]\nRep: lovely',
  ],
  ['Agent: ¿me das tu número?\nCaller: Es el 650 221 8894', 'Agent: ¿me das tu número?\nCaller: Es el [phone]'],
  ['Caller: Visa, 4000 1234 5678 9010, 12/25, 341.', 'Caller: Visa, [card], [card], [card].'],
  ['Caller: First four five five two three, last four nine zero zero eight.', 'Caller: First four [card], last four [card].'],
  ['the first four holes were great', 'the first four holes were great'],
  ['Caller: Treinta y ocho millones, cuatrocientos doce mil, novecientos cinco.', 'Caller: [id].'],
  ['cuesta dos millones quinientos mil pesos', 'cuesta dos millones quinientos mil pesos'],
  ['Vinte e três milhões, oitocentos e dezessete mil, seiscentos e cinquenta e quatro', '[id]'],
  ['we sold a million balls last year', 'we sold a million balls last year'],
  ['bitte an Lindenstraße 14a, 80331 München schicken. Nummer AB-12345 bitte', 'bitte an [address] schicken. Nummer AB-12345 bitte'],
  ['send it to Bahnhofstrasse 41, 8001 Zürich please', 'send it to [address] please'],
  ['42 Elm St, St. Louis MO 63101', '[address]'],
  ['Kenteken 7-XKR-42. Reservering BK-30417 op naam van Jan.', 'Kenteken [plate]. Reservering BK-30417 op naam van [name].'],
  ['plakası 34 ABC 123. Rezervasyon BK-70214', 'plakası [plate]. Rezervasyon BK-70214'],
  [
    'hi sorry, its Becca here (rebecca hollis on the booking) just checking if kids are allowed',
    'hi sorry, its [name] here ([name] on the booking) just checking if kids are allowed',
  ],
  ['this is Rob, robert delacroix on the acct. my wife may come instead', 'this is [name], [name] on the acct. my wife may come instead'],
  ['Put it on the booking please', 'Put it on the booking please'],
  ['my surname is wrong on the booking, its not Mcintyre its Macintyre', 'my surname is wrong on the booking, its not [name] its [name]'],
  ['Servicemitarbeiter: Geht. Ich brauche Ihre Adresse.', 'Servicemitarbeiter: Geht. Ich brauche Ihre Adresse.'],
  [
    'Agent: Estupendo. Necesito su DNI.\nCaller: Cinco tres, cuatro cuatro, uno dos, nueve ocho, letra jota.',
    'Agent: Estupendo. Necesito su DNI.\nCaller: [phone].',
  ],
  ['mi RUT es 12.345.678 guion k, gracias', 'mi RUT es [id], gracias'],
  ['Hi team, Sunny this side. Kal ki booking cancel karni hai', 'Hi team, [name] this side. Kal ki booking cancel karni hai'],
  ['my lad Osian needs it for his ipad', 'my lad [name] needs it for his ipad'],
  [
    'kuya pa-resend naman ng pin, ata yung dati pero ayaw. si Jomar to, bay 7 8pm',
    'kuya pa-resend naman ng pin, ata yung dati pero ayaw. si [name] to, bay 7 8pm',
  ],
  ['oui si Paris est ouvert', 'oui si Paris est ouvert'],
  ['La mia tessera socio è GL-77410. Grazie mille!', 'La mia tessera socio è [id]. Grazie mille!'],
  ['Dzień dobry, do faktury potrzebujecie PESEL? 91031504827. Dziękuję', 'Dzień dobry, do faktury potrzebujecie PESEL? [id]. Dziękuję'],
  ['Do you need my passport? I can bring it at 5', 'Do you need my passport? I can bring it at 5'],
  [
    'A: Prima. Op welke naam?\nC: Ruijsenaars. Voornaam Lotte.\nA: Dank u, mevrouw Ruijsenaars.',
    'A: Prima. Op welke naam?\nC: [name]. [name].\nA: Dank u, mevrouw [name].',
  ],
  ['Staff: Danke. Und eine Rückrufnummer?\nCustomer: Plus 49, 157, 38 47 22 19.', 'Staff: Danke. Und eine Rückrufnummer?\nCustomer: [phone].'],
  [
    'C: the form keeps rejecting my phone number.\nA: I can enter it for you. What is the number?\nC: It is 312, 847, 2219.',
    'C: the form keeps rejecting my phone number.\nA: I can enter it for you. What is the number?\nC: It is [phone].',
  ],
  ['A: Nome completo?\nC: Rafaela Cristina dos Santos Moura.', 'A: Nome completo?\nC: [name] [name] [name].'],
  ['Soy Juan y María viene', 'Soy [name] y [name] viene'],
  ['Hello po, yung ball tracking po sa bay 4 hindi nagre-register', 'Hello po, yung ball tracking po sa bay 4 hindi nagre-register'],
  ['Hola, una pregunta, ¿el bono de 10 horas caduca?', 'Hola, una pregunta, ¿el bono de 10 horas caduca?'],
  ['alô, boa tarde. meu nome é joão pedro almeida, queria saber', 'alô, boa tarde. meu nome é [name] [name] [name], queria saber'],
  ['Handläggare: Tack. Koden är sju, sju, fyra, etta.', 'Handläggare: Tack. Koden är [code].'],
  ['Selamat siang, saya mau daftar member tahunan', 'Selamat siang, saya mau daftar member [name]'],
  ['Customer: HR 26 DQ 7730. Main Vikram Sehgal, bay 3 mein tha.', 'Customer: [plate]. Main [name], bay 3 mein tha.'],
  ['Main Street is closed, use the side door', 'Main Street is closed, use the side door'],
  ['the main Trackman screen is frozen', 'the main Trackman screen is frozen'],
  ['hi for the hire clubs deposit, DL number MORGA753116SM9IJ', 'hi for the hire clubs deposit, DL number [id]'],
  ['the number is FASHO 908214 OA 9LK.', 'the number is [id].'],
  ['spk_0: Önündeki aracın plakasını okuyabilir misiniz?\nspk_1: 06 BFK 719.', 'spk_0: Önündeki aracın plakasını okuyabilir misiniz?\nspk_1: [plate].'],
  ['Staff: Sir unki gaadi ka number?\nCustomer: DL 3C BK 4821, white Creta.', 'Staff: Sir unki gaadi ka number?\nCustomer: [plate], white Creta.'],
  ['A: Musuko-san no o-namae wa?\nC: Sōta desu.', 'A: Musuko-san no o-namae wa?\nC: [name] desu.'],
  ['billing address 14, 3rd Cross, Indiranagar, Bengaluru 560038. invoice no INV-10482', 'billing address [address]. invoice no INV-10482'],
  ['ul. Słowackiego 18/4, 31-159 Kraków', '[address]'],
  ['Agent: Jag kan lägga in det. Varsågod.', 'Agent: Jag kan lägga in det. Varsågod.'],
  ['the score was 3 point 5 then 4', 'the score was 3 point 5 then 4'],
  [
    'A: 087 214 6638. And the invoice number?\nC: INV-58220, it was 1,140 in total.',
    'A: [phone]. And the invoice number?\nC: INV-58220, it was 1,140 in total.',
  ],
  ['A: Isso. Qual o código da reserva?\nC: BK-84417.', 'A: Isso. Qual o código da reserva?\nC: BK-84417.'],
  ['A: Qual o código da porta?\nC: 4471.', 'A: Qual o código da porta?\nC: [code].'],
  ['send it to 9 Heol y Nant, Whitchurch, Cardiff, CF14 1JR please', 'send it to [address] please'],
  ['on 14 March, Leeds, LS1 4DY', 'on 14 March, Leeds, [address]'],
  ['Stoję na parkingu, auto WX 4827K, brama nie wypuszcza.', 'Stoję na parkingu, auto [plate], brama nie wypuszcza.'],
  ['the auto-login shows E1042 again', 'the auto-login shows E1042 again'],
  ['Stoję na parkingu, auto WX 4827K, brama nie wypuszcza.', 'Stoję na parkingu, auto [plate], brama nie wypuszcza.'],
  ['mijn auto staat er nog, 5-TXP-82', 'mijn auto staat er nog, [plate]'],
  ['the auto login shows E1042 again', 'the auto login shows E1042 again'],
  ['رقمي ٠٥٠٣٨٢٧١٩٤ شكرا', 'رقمي [phone] شكرا'],
  ['bay ٣ at ٧pm', 'bay ٣ at ٧pm'],
  ['My maid of honor Faith might call too.', 'My maid of honor [name] might call too.'],
  ['w momken teb3at el code le sa7by, esmo Hazem.', 'w momken teb3at el code le sa7by, esmo [name].'],
  ['me chama no zap da minha mãe (11) 98421-7730, obrigada', 'me chama no zap da minha mãe [phone], obrigada'],
  ['ra2me 03 418 227', 'ra2me [phone]'],
  ['고객: 1991년 7월 2일이요.', '고객: [dob]이요.'],
  ['生年月日は1988年11月3日です', '生年月日は[dob]です'],
  ['予約は2026年12月5日です', '予約は2026年12月5日です'],
  ['تاريخ الميلاد 1990/03/17', 'تاريخ الميلاد [dob]'],
  ['version 2019.10.3 of the software', 'version 2019.10.3 of the software'],
  [
    'Kundeservice: Hvilket registreringsnummer?\nInnringer: E-K, tre tre fire null ni.\nKundeservice: EK 33409, ja.',
    'Kundeservice: Hvilket registreringsnummer?\nInnringer: [plate].\nKundeservice: [plate], ja.',
  ],
  ['A: And your phone?\nKunde: 31 08 92 44.', 'A: And your phone?\nKunde: [phone].'],
  [
    "Agent: Ja, ons het 'n bankkaart gekry. Laaste vier syfers?\nBeller: Nege vier een sewe.",
    "Agent: Ja, ons het 'n bankkaart gekry. Laaste vier syfers?\nBeller: [card].",
  ],
  ['άφησα το αυτοκίνητο στο πάρκινγκ, αριθμός κυκλοφορίας ΙΚΧ 4821.', 'άφησα το αυτοκίνητο στο πάρκινγκ, αριθμός κυκλοφορίας [plate].'],
  ['sunt Vlad, am parcat în fața intrării, mașina CJ 48 XRT.', 'sunt [name], am parcat în fața intrării, mașina [plate].'],
  ['Medarbejder: Og dit medlemsnummer?\nKunde: Tre et, nul otte, ni to, bindestreg, fire fire tre syv.', 'Medarbejder: Og dit medlemsnummer?\nKunde: [id].'],
  ["we're in from 13:00 to 17:00 on Friday", "we're in from 13:00 to 17:00 on Friday"],
  ['the fire alarm went off at 9 45', 'the fire alarm went off at 9 45'],
  ['hola, me pedís el DNI? es 48291037K. gracias', 'hola, me pedís el DNI? es [id]. gracias'],
  ['booking 12345678A', 'booking 12345678A'],
  ['mini AHV-Nr? 756.4821.9930.17. Merci', 'mini AHV-Nr? [id]. Merci'],
  ['رقم الهوية 784-1990-4827731-2 لتسجيل', 'رقم الهوية [id] لتسجيل'],
  ['numéro de sécu ?? 2 91 07 75 112 048 53. merci', 'numéro de sécu ?? [id]. merci'],
  ['Tarjeta 4111 1111 1111 1111, cad 11/26. Reserva para 4', 'Tarjeta [card], cad [card]. Reserva para 4'],
  ['CAD 25 for 2 people', 'CAD 25 for 2 people'],
  ['estoy con Facu y Marta en el simulador 2', 'estoy con [name] y [name] en el simulador 2'],
  ['ich komme mit Jonas und Lena', 'ich komme mit [name] und [name]'],
  ['Επιστροφή στην κάρτα που λήγει σε 3092.', 'Επιστροφή στην κάρτα που λήγει σε [card].'],
  ['カードの下4桁は4242です', 'カードの下4桁は[card]です'],
  ['카드 끝자리 4242 입니다', '카드 끝자리 [card] 입니다'],
  ['kartu dengan 4 digit terakhir 7753', 'kartu dengan 4 digit terakhir [card]'],
  ['ending 4242pm', 'ending 4242pm'],
  ["hij heeft z'n auto laten staan, 5-TXP-82", "hij heeft z'n auto laten staan, [plate]"],
  ['error E-04-A again', 'error E-04-A again'],
  ['the new TM 40 PRO launch monitor', 'the new TM 40 PRO launch monitor'],
  ['ΙΚΧ 4821, εντάξει', '[plate], εντάξει'],
  ['placa ABC1D23 no estacionamento', 'placa [plate] no estacionamento'],
  [
    'Kund: Hej, och ni behöver mitt personnummer?\nKundtjänst: Ja, för att registrera medlemskapet.\nKund: sen fyrsiffrorna fyra två åtta ett.',
    'Kund: Hej, och ni behöver mitt personnummer?\nKundtjänst: Ja, för att registrera medlemskapet.\nKund: sen fyrsiffrorna [id].',
  ],
  [
    'A: Can I have your phone number?\nB: Yes, sure.\nA: Great, and the booking reference?',
    'A: Can I have your phone number?\nB: Yes, sure.\nA: Great, and the booking reference?',
  ],
  ['Medewerker: 87.08.04-417.62. En uw naam?', 'Medewerker: [id]. En uw naam?'],
];

describe('redact', () => {
  it.each(CASES)('%j', (message, expected) => {
    expect(redact(message, { names: NAMES }).text).toBe(expected);
  });

  it.each(CASES)('is idempotent on %j', (message) => {
    const once = redact(message, { names: NAMES }).text;
    const twice = redact(once, { names: NAMES });
    expect(twice.text).toBe(once);
    expect(Object.values(twice.found).every((n) => n === 0)).toBe(true);
  });

  it('never alters placeholders, even when a listed name is a placeholder word', () => {
    const text = '[phone] [email] [card] [code] [address] [name]; code [code] and pin [code]';
    expect(redact(text, { names: ['Phone', 'Name Code'] })).toEqual({
      text,
      found: { phone: 0, email: 0, card: 0, code: 0, address: 0, plate: 0, dob: 0, id: 0, name: 0 },
      names: [],
      values: [],
    });
  });

  it('removes a value wherever it comes again once it was removed, and reports it for the rest of the conversation', () => {
    const { text, values } = redact('Caller: the plate is BCX 442. Agent: BCX-442, got it. The gate code is 5521, try 5521 again');
    expect(text).toBe('Caller: the plate is [plate]. Agent: [plate], got it. The gate code is [code], try [code] again');
    expect(values).toContainEqual({ kind: 'plate', value: 'BCX 442' });
    expect(redact('BCX 442 is still in the lot', { values }).text).toBe('[plate] is still in the lot');
  });

  it('reports the names it recognised by their cue, to redact them elsewhere', () => {
    expect(redact('hi this is Dana, bay 2').names).toEqual(['Dana']);
    expect(redact('Sorry Dana! Wipe the lens.', { names: redact('hi this is Dana, bay 2').names }).text).toBe('Sorry [name]! Wipe the lens.');
  });

  it('counts replacements per kind', () => {
    const { found } = redact(
      'Hi Sarah, call 555-123-4567 or (555) 987 6543, card 4111111111111111, door code 1234, ' + 'email a@b.co, 9 Elm Rd. Thanks, Mike',
      { names: ['Sarah Jones'] },
    );
    expect(found).toEqual<Record<RedactionKind, number>>({ phone: 2, email: 1, card: 1, code: 1, address: 1, plate: 0, dob: 0, id: 0, name: 2 });
  });

  it('returns every kind with a zero count when nothing is found', () => {
    expect(redact('the screen froze in bay 3')).toEqual({
      text: 'the screen froze in bay 3',
      found: { phone: 0, email: 0, card: 0, code: 0, address: 0, plate: 0, dob: 0, id: 0, name: 0 },
      names: [],
      values: [],
    });
  });

  it('matches listed names as whole words only', () => {
    expect(redact('Sarahs and Jonesy are not Sarah', { names: ['Sarah Jones'] }).text).toBe('Sarahs and Jonesy are not [name]');
    expect(redact('Ann: the annual pass', { names: ['ann'] }).text).toBe('[name]: the annual pass');
  });
});

describe('redact on adversarial input', () => {
  beforeAll(() => warmRedaction());
  const N = 100_000;
  const fill = (unit: string): string => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);

  it.each([
    ['digits', fill('1')],
    ['letters', fill('a')],
    ['spaced digits', fill('1 ')],
    ['plus signs', fill('+1 ')],
    ['near-emails', `${fill('a.')}@`],
    ['ats', fill('a@b.')],
    ['street-like words', fill('12 Main Main Main Main ')],
    ['code cues', fill('code ')],
    ['code cues with fillers', fill('code is is is is is 12 ')],
    ['greetings', fill('Hi \n')],
    ['long lines with colons', fill(`${'a:'.repeat(40)}\n`)],
    ['introductions', fill("I'm Sam ")],
    ['dashes', fill('- Aaa ')],
    ['brands with places', fill('TeeBox Aaa Bbb ')],
    ['one long brand-like word', `Tee${'Box'.repeat(N / 3)}`],
    ['Spanish tens', fill('treinta y ')],
    ['spelled local parts', fill('a-')],
    ['spelled local parts with dots', fill('a-b dot ')],
    ['venues', fill('Aaa Bbb location ')],
    ['bays with places', fill('Bay 1 Aaa ')],
    ['a digit then spaces', `1${' '.repeat(N)}x`],
    ['Nordic digit words', fill('sju, to, ')],
    ['German numbers', fill('neunundsiebzig, ')],
    ['capitals with names', fill('HI KWAME MARCUS BELL ').slice(0, 1999)],
    ['a document named, then digit groups', `passport ${fill('1a2 ')}`],
    ['an IBAN-like run', fill('GB29 NWBK ')],
    ['a tax number then dots and slashes', `RUT 1${fill('2./')}`],
    ['spoken addresses joined by commas', fill('ana, guion bajo, ')],
    ['documents named again and again', fill('IBAN 1 ')],
    ['spaced joins before an at sign', fill('a . b - ')],
    ['made-up passwords in a text about the wifi', `wifi ${fill('aB1!aB1!aB1!aB1!aB1!aB1!aB1!aB1!aB1!aB1! ')}`],
    ['postal cues then words', fill('zip aaa ')],
    ['venue words, again and again', fill('Golf Lounge ')],
    ['spelling-alphabet words', fill('Golf, Kilo, ')],
    ['a code asked then a long line', `the code?\n${' '.repeat(N)}G seven`],
    ['an adjective before a street, again and again', fill('Berliner ')],
    ['a street then spaces', `12 Main St${' '.repeat(N)}!`],
    ['a French street then spaces', `12 rue${' '.repeat(N)}!`],
    ['a box then spaces', `p${' '.repeat(N)}o`],
    ['thanks then spaces', `thanks${' '.repeat(N)}1`],
    ['a sign-off then spaces', `- Sam${' '.repeat(N)}x`],
    ['an expiry then spaces', `exp 1${' '.repeat(N)}!`],
    ['long digit runs after a birth cue', fill(`dob ${'1'.repeat(40)} `)],
    ['apostrophes', fill("A'")],
    ['capitalised words after a name', `Jessica${' Zqxv'.repeat(N / 5)}`],
    ['an answer to a name question that is one long word', `Agent: Your name?\nCaller: ${fill('A')}?`],
    ['an answer to a name question of many words', `Agent: Your name?\nCaller: It's ${fill('Ab, ')}?`],
    ['digit groups', fill('6 0 4, ')],
    ['French pairs', fill('soixante-dix-huit, ')],
    ['a name on a card', `name on card ${fill('Ab-')}`],
    ['expiries after cards', fill('[card], 11/26 ')],
    ['accounts in a text about a bank', `bank ${fill('acc 123 45 ')}`],
    ['German plates', fill('M-AB 1234 ')],
    ['rural delivery numbers', `12 Main St${fill(', RD 1')}`],
    ['post-office boxes in other languages', fill('Posbus 1 Postfach ')],
    ['eleven-digit runs', fill('12 345 678 901 ')],
    ['codes then keys', fill('code 1234 then the tick button ')],
    ['plate-shaped runs', fill('MH 02 D 1 AB 123 CD 1-ABC-12 ')],
    ['tax-number-shaped runs', fill('12.345.678/0001-9 123.456.789-0 1234567AB ')],
    ['bays at places', fill('bay 1 at Aaa ')],
    ['flats and parts without a PIN', fill('Flat 1, aaaa, bbbb 12345 ')],
    ['expiries asked again and again', fill('Expiry?\nA: ')],
    ['passwords read piece by piece', `password ${fill('capital B, 1, 2, 3. b123 ')}`],
    ['memberships and sort codes named alone', fill('member 1 sort 1-2 account 1-')],
    ['a document read with doubles', `passport number is ${fill('double ')}`],
    ['a series opening a read-aloud answer', `Agent: member number?\nCaller: It's ${fill('FS dash ')}`],
    ['turns that are only a number after a document', fill('passport?\nA1 2B\n')],
    ['doors, floors and sides after a street', `Rua das Flores 27${fill('-III, 3.º Esq.')}`],
    ['spoken addresses with a last initial', fill('amelia g at fastmail dot ')],
    ['values given in pieces', `Agent: member number?\nCaller: 12345\n${fill('A: yep\nB: 1.1.1.1.1.1.1.1.1.1 x\n')}`],
    ['documents named, then numbers much later', fill('passport aaaa number 1 ')],
    ['documents named, then groups of digits', fill('membership 12 AB-1 ')],
    ['days and months said in words', fill('twenty one august nineteen ')],
    ['German ordinals', fill('einundzwanzigzwanzigst ')],
    ['Chinese digits', fill('三，')],
    ['Japanese code cues with digits', fill('コードは三三三三')],
    ['Korean syllables that say digits', fill('공 이')],
    ['Arabic digit words', fill('خمسة، ')],
    ['Arabic introductions', fill('أنا فيصل ')],
    ['Japanese titles', fill('山本様')],
    ['Korean honorifics', fill('박지우 고객님')],
    ['usernames named', fill('username is a_b ')],
    ['usernames named in other languages', fill('usuario es aaaa ')],
    ['words joined by underscores', fill('a_b_c_d_e_f_')],
    ['membership numbers named in Chinese', fill('会员号是是是是是')],
    ['numbers after "No." in sentences about a membership', `membership ${fill('No. No. ')}`],
    ['Spanish hundreds', fill('cuatrocientos doce, ')],
    ['Turkish hundreds and tens', fill('beş yüz on iki, ')],
    ['Polish hundreds and teens', fill('sto osiemnaście, ')],
    ['corrections inside numbers', fill('two two... no wait, ')],
    ['corrections said with "hang on"', fill('two hang on ')],
    ['given names before surnames', fill('Aaa Jones ')],
    ['titles before names', fill("Ma'am Aaa Cik Bbb ")],
    ['eight digits in 4-4', fill('9123 4567 ')],
    ['security codes after a card and its expiry', fill('[card], [card], 341 ')],
    ['sign-offs after two dashes', fill('-- aaa ')],
    ['millions said in words', fill('treinta y ocho millones, ')],
    ['names before the record they are on', fill('(aaa bbb on the booking ')],
    ['corrections before the name', fill('not Aaa its [name] ')],
    ['Tagalog person markers', `po sa ${fill('si Aaa ni Bbb ')}`],
    ['check letters after a number', fill('[id], letra jota, ')],
    ['particles between names', fill('[name] dos de [name] ')],
    ['text in another language', fill('yung po sa ')],
    ['possessives after an article', fill('la mia ')],
    ['a question, then a document number', fill('PESEL? 91031 ')],
    ['cars named in other languages', fill('mijn auto A1 ')],
    ['streets before a town and a postcode', `${fill('9 Aaa Bbb, Ccc, ')}CF14 1JR`],
    ['numbers of a relative', fill('zap da minha mãe 1 ')],
    ['digits of other scripts', fill('٠١٢٣ ')],
    ['dates with the year first in Korean', fill('1991년 7월 ')],
    ['names joined in other languages', fill('[name] y Aaa ')],
    ['expiries after an abbreviation', fill('cad 11/26 ')],
    ['French NIR groups', fill('2 91 07 75 ')],
    ['last digits named in Korean', fill('끝자리 1')],
    ['plates in three groups', fill('1-AB-1-AB-')],
    ['Romanian plates', fill('CJ 48 ')],
    ["yes, then the value after a question about one's own", fill('A: my id?\nB: Ja, ok\nA: 1\n')],
    ['Hindi "main" before names', fill('Main Aaa Bbb ')],
    ['numbers after a billing address', fill('billing address 1')],
    ['word names after "under"', fill('under Hope, ')],
    ['surnames in small letters after names', fill('its [name] qureshi ')],
    ['word names after "its"', fill('its bill from ')],
    ['initials before particles', fill('A. van de ')],
    ['sign-offs before a phone', fill('Mvh Aaa [phone] ')],
    ['digits in Arabic chat', fill("sab3a arba'a ")],
    ['corrections after a value', fill('[phone] not 1234 ')],
    ['corrections after a name', fill('[name] lol not Aaa ')],
    ['"my name" and Capitalised words', fill('My name Aaa ')],
    ['phones said in pieces over turns', `A: What's the new number?\n${fill('B: one two three...\nA: one two three, yep.\n')}`],
    ['Greek digits', fill('ένα, δύο ')],
    ['five-digit groups among digit words', fill('01234 one ')],
    ['postal codes read back', `1 rue A, 69003 Lyon. ${fill('soixante-neuf zéro ')}`],
    ['cards numbered with "n."', fill('tessera n. 1 ')],
    ['role labels that are surnames too', fill('Kunde: \n')],
    ['values read out again', `plate AB 1234. ${fill('A wie Anton, bee, ')}`],
    ['letters said for a word', fill('N for Norman, ')],
    ['names after "a nombre de"', fill('a nombre de Aaa ')],
    ['usernames named for a place', fill('gamer tag for the aa ')],
    ['cards masked in part', fill('1234 12•• ')],
    ['plates of Spanish, Swiss and Russian shape', fill('1234 BCD ZH 123 М 123 КР ')],
    ['Nordic words around English-shaped digits', fill('ikke og fire to ')],
    ['UPI-shaped words', fill('a.b@c ')],
    ['postcodes read out', fill('A B twenty one, ')],
    ['plates spelled with words', `plate ${fill('M wie Martha, ')}`],
    ['words between names', fill('[name] Can [name] ')],
    ['digits that are everyday words', fill('sam 12 go i ')],
    ['addresses named in other languages', fill('adresa mea: Str. 5, ')],
    ['values read out in words', `member number: ${fill('K T double oh dash ')}`],
    ['words in small letters', fill('dan abc ')],
    ['Portuguese digits with "um"', fill('um, dois, um, ')],
    ['Thai digits', fill('สอง หนึ่ง ')],
    ['dates with a year said as a ten', fill('the ninth of March, sixty-one ')],
    ['emails with Spanish numbers', fill('a punto b cuarenta y uno ')],
    ['separator words in a row', fill('dos, ponto, um, ')],
    ['handles said aloud', fill('tee underscore ')],
    ['a long turn read back after a value', `Caller: [id]\nAgent: ${fill('1 A')}`],
    ['a plate read with hesitations', `reg ${fill('one uh ')}`],
    ['turns of one speaker that are only numbers', `Agent: best number?\n${fill('Caller: one two\n')}`],
    ['timed turns of one speaker that are only digits typed one by one', `[00:01] Agent: Expiry?\n${fill('[00:02] Caller: 0 1 \n')}`],
    ['everything', fill('Hi Sam, call +1 555-123-4567 or a.b@c.de, code 4829#, 12 Main St, card 4111 1111 1111 1111\n')],
  ])('a 100 KB adversarial input (%s) does not backtrack catastrophically', (_, text) => {
    // A pattern that backtracks catastrophically takes minutes on these; the slowest shapes take about 1 s
    // alone and up to 6 s beside the held-out corpus test on two cores. How fast redaction is lives in `npm run bench -- redaction`.
    const start = performance.now();
    redact(text, { names: NAMES });
    expect(performance.now() - start).toBeLessThan(15_000);
  });
});

describe('a conversation redacted with the names found in it', () => {
  it.each([
    ['hi this is Dana Whitfield, the screen is upside down', 'hi this is [name], the screen is upside down', ['Dana Whitfield']],
    ['my name is marcus bell and the ball is not tracking', 'my name is [name] and the ball is not tracking', ['marcus bell']],
    ['hi this is Dana, the screen is upside down', 'hi this is [name], the screen is upside down', ['Dana']],
  ])('keeps "%s" whole when its names are applied again: %s', (text, expected, names) => {
    const first = redact(text);
    expect(first.names).toEqual(names);
    // What extraction does: the names found anywhere are redacted everywhere, this line included.
    expect(redact(text, { names: first.names }).text).toBe(expected);
    expect(redact('Thanks Dana Whitfield! and thanks again Dana', { names: ['Dana Whitfield'] }).text).toBe('Thanks [name]! and thanks again [name]');
  });
});
