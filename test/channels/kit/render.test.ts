import { expect } from 'chai';
import { renderReply, splitMessage, type Capabilities } from '../../../channels/kit/render';

describe('channels/kit: one rendering policy, by channel capabilities', () => {
  const suggestions = ['Track my order', 'Talk to a person from the team please', 'Track my order'];
  const reply = {
    text: 'Your order **#1042** is on its way 🚚 — [track it](https://t.example/1Z9)',
    suggestedActions: { to: [], actions: suggestions.map((s) => ({ type: 'imBack', title: s, value: s })) },
  };
  const caps = (over: Partial<Capabilities>): Capabilities => ({ markup: 'plain', suggestions: { as: 'none' }, maxChars: 1000, ...over });

  it('buttons within the channel\'s limits: one per payload, titles cut, the whole suggestion as payload', () => {
    const { parts, buttons } = renderReply(reply, caps({ suggestions: { as: 'buttons', max: 13, titleMax: 20, payloadMax: 1000 } }));
    expect(parts).to.deep.equal(['Your order #1042 is on its way 🚚 — track it: https://t.example/1Z9']);
    expect(buttons).to.deep.equal([
      { title: 'Track my order', payload: 'Track my order' },
      { title: 'Talk to a person fr…', payload: 'Talk to a person from the team please' },
    ]);
  });

  it('where buttons do not exist, suggestions become lines or go', () => {
    expect(renderReply(reply, caps({ suggestions: { as: 'lines' } })).parts[0]).to.match(/\n\n• Track my order\n• Talk to a person from the team please\n• Track my order$/);
    expect(renderReply(reply, caps({ markup: 'gsm' }))).to.deep.equal({ parts: ['Your order #1042 is on its way - track it: https://t.example/1Z9'], buttons: [] });
  });

  it('a word longer than a message is cut between characters, never inside one', () => {
    const parts = splitMessage('😀'.repeat(10), 5);
    expect(parts.join('')).to.equal('😀'.repeat(10));
    expect(parts.every((p) => p.length <= 5 && !/[\uD800-\uDBFF]$/.test(p))).to.equal(true);
  });

  it('events and empty replies render to nothing', () => {
    expect(renderReply({ type: 'typing' }, caps({}))).to.deep.equal({ parts: [], buttons: [] });
    expect(renderReply({ type: 'message', text: '  ' }, caps({ suggestions: { as: 'buttons', max: 3, titleMax: 20, payloadMax: 100 } })).buttons).to.deep.equal([]);
  });
});
