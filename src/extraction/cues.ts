/**
 * The words the offline extractor reads a conversation by. A problem needs none of them when the
 * customer confirms the fix: "the putts go way left" is a problem because staff answered it with an
 * instruction and the customer wrote "that did it".
 */

/** Words that mark a customer's text as a problem on their own. */
export const PROBLEM_CUE =
  /\b(not|no|won'?t|can'?t|cannot|doesn'?t|isn'?t|didn'?t|broken|frozen|stuck|help|issue|problem|error|wrong|missing|black|blank|nothing|never|off|dead|down|locked|declined|lost|stopped|keeps)\b|\?/i;

/** Words that mark a staff text as an instruction (a fix). */
export const INSTRUCTION_CUE =
  /\b(try|press|click|tap|pull|push|restart|relaunch|reopen|turn|check|open|close|use|make sure|switch|select|choose|hold|wait|move|plug|unplug|reset|scan|enter|go to|hit|wipe|clean|remove|put|place|adjust|set|sign in|log in|book|cancel|text|reply|grab|look|type|swipe|drag|unmute|mute|power|reboot|log out|sign out|flip|slide|leave|bring|park|show|forward|email|reply|head|stand|tee|aim|keep|lower|raise|dim|re-?enter|refresh|update|reconnect|pair|connect|disconnect|exit|quit|launch|start|save|pick|tick|untick|toggle|sweep|lift|pause|resume|bump|drop|flick|stay|avoid|call|dial)\b/i;

/** The customer says the fix did it. */
export const RESOLVED_CUE =
  /\b(that worked|it worked|worked|works now|working now|works|fixed|sorted|perfect|all good|got it|that did it|did the trick|resolved|there it is|there we go|(?:it'?s|its|we'?re|were|all) (?:going|good|back|in|on|up|set)(?: now)?|back (?:up|on|in)|good now|on now|all set|we'?re in|nailed it|(?:that|this) helped)\b/i;

/** Thanks and plain approval: a confirmation when nothing in the same text says it still fails. */
export const THANKS_CUE =
  /\b(thanks|thank you|thx|ty|tysm|cheers|appreciate it|legend|lifesaver|life saver|you rock|awesome|amazing|great|sweet|nice|brilliant|lovely|excellent|champ|hero|ace|gotcha|beauty)\b|[👍🙌🙏👌✅🎉😀😃😄😊🔥💯🤙]/iu;

/** The customer says the fix failed. */
export const STILL_BROKEN_CUE =
  /\b(still (not|no|doesn'?t|won'?t|isn'?t|broken|frozen|stuck|black|the same|nothing|dead|off)|didn'?t (?:work|help|change)|doesn'?t work|hasn'?t (?:worked|helped|changed)|not working|same (problem|issue|thing)|no luck|no change|nope)\b/i;

/** A customer text that opens a second problem in the same conversation. */
export const NEW_TOPIC_CUE = /^(?:also|another|one more|btw|by the way|oh and|and also|separate(?:ly)?|other thing|unrelated)\b/i;

/** A customer text that says they are about to try the fix, not how it went. */
export const WAITING_CUE =
  /^(?:ok(?:ay)?|k|kk|sure|will do|one sec|1 sec|sec|hang on|hold on|trying|let me (?:try|check|see|look)|on it|brb|give me a (?:sec|second|min|minute)|doing (?:it|that) now|omw|checking)\b(?:\W+\w+){0,3}\W*$/i;
