/**
 * Capitalised words that follow "I'm", "this is", "Hi" or a dash without being a name: states
 * ("I'm Sorry", "I'm Here"), function words, greetings, staff and product words of the bays.
 */
const COMMON = new Set(
  (
    'a an the and or but nor so yet if then than that as since because while after before until unless although though whether once both either neither this these those there here where when what why how who whom ' +
    'which whose it its i me my mine we us our you your yours he him his she her they them their its one ' +
    'is am are was were be been being do does did have has had would shall should could can may might must ' +
    'not no yes yeah yep yup nope ok okay sure fine good great nice cool awesome perfect alright right ' +
    'in on at to of for from with by about into onto over under up down out off away back around near ' +
    'just only also still already always never ever really very so too quite pretty super totally completely ' +
    'absolutely literally honestly seriously actually basically probably definitely maybe almost nearly ' +
    'hi hey hello hiya yo howdy thanks thank thx ty cheers please sorry apologies oops lol haha welcome ' +
    'bye goodbye regards best sincerely appreciate appreciated again much lot lots ' +
    'im ive ill id youre youve theyre thats whats heres theres lets dont cant wont isnt arent wasnt didnt doesnt couldnt wouldnt shouldnt ' +
    'january february march april may june july august september october november december feb mar apr jun jul aug sep sept oct nov dec ' +
    'here there outside inside upstairs downstairs home away late early now today tonight tomorrow yesterday ' +
    'morning afternoon evening night weekend monday tuesday wednesday thursday friday saturday sunday ' +
    'locked stuck lost confused frustrated annoyed upset disappointed angry mad sad happy glad excited ' +
    'ready done finished new old first last next free busy available interested unable able trying going ' +
    'coming leaving heading running calling texting writing reaching following looking waiting having ' +
    'getting booking booked checking wondering hoping planning thinking supposed scheduled signed charged ' +
    'standing sitting parked playing hitting using seeing doing making taking staying currently due ' +
    'sent help urgent asap quick question questions issue problem broken frozen wrong working ' +
    'dead black blank dark off slow loud quiet cold hot closed open empty full gone missing fixed stopped ' +
    'all everyone anyone someone somebody nobody everybody team guys folks people staff support manager owner ' +
    'member members customer customers guest guests client admin desk front door gate bay bays room box ' +
    'golf golfer sim simulator simulators trackman clubos club clubs foresight gcquad uneekor screen projector ' +
    'ball balls computer pc tv wifi app website account card booking reservation payment refund ' +
    'visa mastercard amex maestro interac paypal venmo zelle gcash applepay ' +
    'there many some any each every other another same such own more most less few several ' +
    'dear sir madam mr mrs ms dr mate buddy bro man dude friend friends family midnight noon ' +
    'hola buenas buenos bonjour bonsoir salut allo merci gracias varsågod varsagod tack takk tusind tusen dziękuję dziekuje dzięki dzieki oui ciao ola obrigado obrigada danke bitte hallo grazie prego salamat salam ' +
    // The German formal "you" and possessives are Capitalised inside a sentence: "Ich brauche Ihre Adresse".
    'sie ihnen ihr ihre ihren ihrem ihrer ihres mein meine meinen meinem meiner dein deine deinen unser unsere unseren ' +
    // "I am" that opens an introduction: "Soy [name]", "Sono [name]".
    'soy sono sou jestem ' +
    'und oder og och et olá alô oi hej hei hallå moin servus grüezi cześć mabuhay kumusta habari goeie môre pronto buongiorno buonasera bona bon bones selamat pagi siang sore malam ' +
    'equipo equipe équipe squadra zespół ' +
    // Politeness particles of Tagalog and Hindi, said after a greeting as a name would be: "Hello po", "Hello ji".
    'po opo ji ' +
    'bey hanım hanim efendi cik encik puan tuan maam señor senor señora senora doña dona sahib sahab'
  ).split(' '),
);

/** Whether a word (any case, apostrophes aside) is one of the common words above. */
export const isCommon = (w: string): boolean => COMMON.has(w.toLowerCase().replace(/[’']/g, ''));
