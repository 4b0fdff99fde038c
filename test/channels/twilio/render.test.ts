import { expect } from 'chai';
import { renderSms, renderWhatsApp, splitMessage, MAX_MESSAGE_CHARS } from '../../../channels/twilio/render';
import { keywordOf } from '../../../channels/twilio/keywords';

describe('Twilio rendering and keywords', () => {
  const reply = { text: 'Your order **#1042** is on its way 🚚 — [track it](https://t.example/1Z9)', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Talk to a person', value: 'Talk to a person' }] } };

  it('SMS: plain GSM-friendly text, the tracking link kept, suggestions dropped', () => {
    expect(renderSms(reply)).to.deep.equal(['Your order #1042 is on its way - track it: https://t.example/1Z9']);
  });

  it('WhatsApp: light formatting and suggestions kept', () => {
    const [text] = renderWhatsApp(reply);
    expect(text).to.contain('*#1042*').and.to.contain('🚚').and.to.contain('• Talk to a person');
  });

  it('splits long replies at sentence or word boundaries, never cutting a URL', () => {
    const sentence = 'Your parcel left the depot and is on its way to you today. ';
    const text = sentence.repeat(40) + 'Track it at https://track.example.com/' + 'x'.repeat(60);
    const parts = splitMessage(text);
    expect(parts.length).to.equal(2);
    parts.forEach((p) => expect(p.length).to.be.at.most(MAX_MESSAGE_CHARS));
    expect(parts[0].endsWith('today.')).to.equal(true);
    expect(parts.join(' ')).to.contain('https://track.example.com/' + 'x'.repeat(60));
    expect(splitMessage('word '.repeat(500).trim(), 100).every((p) => p.length <= 100 && !p.startsWith(' '))).to.equal(true);
  });

  it('recognises whole-body keywords only, or OptOutType', () => {
    expect(keywordOf('Stop')).to.equal('opt_out');
    expect(keywordOf(' unsubscribe. ')).to.equal('opt_out');
    expect(keywordOf('STOP please')).to.equal(undefined);
    expect(keywordOf('yes')).to.equal('opt_in');
    expect(keywordOf('info')).to.equal('help');
    expect(keywordOf('ALTO', 'STOP')).to.equal('opt_out');
  });
});
