/** The time a transcript's line may open with: "[00:00:10]", "(0:42)", "[12:03.5]". */
const TIME = String.raw`[[(]\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?[\])]`;

/**
 * A speaker's label at the start of a transcript's line, perhaps after the time and perhaps a name
 * removed already: "Rep:", "Agent (Marcus):", "Conseiller :", "[00:00:10] Caller:", "(0:42) Guest:", "spk_1:", "[name]:".
 */
export const LABEL = new RegExp(String.raw`^[ \t]*(?:${TIME}[ \t]{0,4})?(?:\[name\]|\p{L}[\p{L}\p{N} ().'_-]{0,40}?)[ \t]?[:：][ \t]*`, 'u');

const OPENING_TIME = new RegExp(String.raw`^[ \t]*${TIME}`, 'u');

/** Who speaks in a label, without the time: "[00:00:15] Customer: " and "[00:00:22] Customer:" are the same speaker. */
export const speakerOf = (label: string): string => label.replace(OPENING_TIME, '').trim();
