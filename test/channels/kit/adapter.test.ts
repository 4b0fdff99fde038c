import { expect } from 'chai';
import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { ChannelAdapter, DELAY } from '../../../channels/kit/adapter';
import { CHANNEL_NAME, CLIENT_ADDRESS, PROVEN_IDENTITY } from '../../../src/bot/wismo-bot';

/** A channel that only records what it was given to deliver. */
class RecordingAdapter extends ChannelAdapter {
  readonly runs: string[][] = [];

  constructor(pauses: boolean) {
    super('Recording', 'recording', pauses);
  }

  context(facts = {}): TurnContext {
    return this.turnContext({ type: ActivityTypes.Message, text: 'hi', conversation: { id: 'c1' } as Activity['conversation'] }, facts);
  }

  override async continueConversation(): Promise<void> {
    throw new Error('not used here');
  }

  protected override async deliver(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.runs.push(activities.map((a) => a.text ?? ''));
    return activities.map((a) => ({ id: `sent ${a.text}` }));
  }
}

describe('channels/kit: the shared botbuilder adapter', () => {
  it('hands replies over in runs split by botbuilder\'s pauses, one response per activity in order', async () => {
    const adapter = new RecordingAdapter(false);
    const responses = await adapter.sendActivities(adapter.context(), [
      { type: 'message', text: 'a' }, { type: 'message', text: 'b' }, { type: DELAY, value: 3000 }, { type: 'message', text: 'c' },
    ]);
    expect(adapter.runs).to.deep.equal([['a', 'b'], ['c']]);
    expect(responses.map((r) => r.id)).to.deep.equal(['sent a', 'sent b', '', 'sent c']);
  });

  it('a channel that pauses waits for the delay before the next run', async () => {
    const adapter = new RecordingAdapter(true);
    const sending = adapter.sendActivities(adapter.context(), [{ type: 'message', text: 'a' }, { type: DELAY, value: 1000 }, { type: 'message', text: 'b' }]);
    await new Promise((r) => setTimeout(r, 10));
    expect(adapter.runs).to.deep.equal([['a']]);
    await sending;
    expect(adapter.runs).to.deep.equal([['a'], ['b']]);
  });

  it('puts the channel\'s facts in turn state and refuses edits', async () => {
    const adapter = new RecordingAdapter(false);
    const context = adapter.context({ channel: 'sms', provenIdentity: { phone: '+15550100' }, clientAddress: '192.0.2.1' });
    expect(context.turnState.get(CHANNEL_NAME)).to.equal('sms');
    expect(context.turnState.get(PROVEN_IDENTITY)).to.deep.equal({ phone: '+15550100' });
    expect(context.turnState.get(CLIENT_ADDRESS)).to.equal('192.0.2.1');
    expect(adapter.context().turnState.get(CHANNEL_NAME)).to.equal('recording');
    let refused: Error | undefined;
    await adapter.updateActivity().catch((err: Error) => (refused = err));
    expect(refused?.message).to.match(/^Recording: /);
  });
});
