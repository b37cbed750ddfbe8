/**
 * A speaker's label at the start of a transcript's line, perhaps after the time and perhaps a name
 * removed already: "Rep:", "Agent (Marcus):", "Conseiller :", "[00:00:10] Caller:", "(0:42) Guest:", "[name]:".
 */
export const LABEL = /^[ \t]*(?:[[(]\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?[\])][ \t]{0,4})?(?:\[name\]|\p{L}[\p{L}\p{N} ().'-]{0,40}?)[ \t]?[:：][ \t]*/u;

/** The time a label opens with. */
const TIME = /^[ \t]*[[(][\d:.,]+[\])][ \t]*/u;

/** Who speaks in a label, without the time: "[00:00:15] Customer: " and "[00:00:22] Customer:" are the same speaker. */
export const speakerOf = (label: string): string => label.replace(TIME, '').trim();
