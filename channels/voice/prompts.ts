/**
 * The call's own prompts (the bot's replies come in the caller's language; these fixed
 * prompts are English for now, spoken with an en-US voice).
 */
export const PROMPTS = {
  welcome: (shop: string) => `Hello, this is ${shop}. To check on an order, please say or key in your order number.`,
  askAgain: 'Sorry, I did not catch an order number. Please say it, or key it in, then press the pound key.',
  readBack: (spelled: string) => `I heard order ${spelled}. Is that right? Say yes or press 1. Say no or press 2.`,
  confirmAgain: 'Please say yes or press 1 if that is right, or say no or press 2.',
  tryAgain: 'OK, let us try again. Please say or key in your order number.',
  anythingElse: 'Anything else? Ask another question, or hang up.',
  stillThere: 'Are you still there? Please answer, or key in the digits.',
  callBack: 'A person from our team will call or message you back.',
  goodbye: 'Thank you for calling. Goodbye.',
  trouble: 'Sorry, something went wrong on our side. Please call again later.',
} as const;

export const PROMPT_LANGUAGE = 'en-US';
