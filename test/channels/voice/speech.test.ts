import { expect } from 'chai';
import { confirmation, heardOrderNumber, spellOut } from '../../../channels/voice/speech';
import { toSpeech, voiceLanguage } from '../../../channels/voice/render';
import { CallStateCodec } from '../../../channels/voice/state';

describe('voice: speech in and out', () => {
  it('hears order numbers in transcripts and keyed digits', () => {
    expect(heardOrderNumber('order number one zero four two')).to.equal('1042');
    expect(heardOrderNumber('it is 10 42 I think')).to.equal('1042');
    expect(heardOrderNumber('SH 20931')).to.equal('SH20931');
    expect(heardOrderNumber('I have two items')).to.equal(undefined);
    expect(heardOrderNumber(undefined, '1042#')).to.equal('1042');
    expect(spellOut('SH-20931')).to.equal('S H 2 0 9 3 1');
  });

  it('reads yes and no, spoken or keyed', () => {
    expect(confirmation('Yes.')).to.equal('yes');
    expect(confirmation('sí')).to.equal('yes');
    expect(confirmation(undefined, '2')).to.equal('no');
    expect(confirmation('maybe')).to.equal(undefined);
  });

  it('makes replies speakable: no URLs or emoji, identifiers spelled in groups', () => {
    const text = toSpeech({ text: 'Order #1042 shipped 📦. Tracking 1Z999AA10123456784: https://t.example/x', channelData: { wismo: { orderId: '1042' } } });
    expect(text).to.equal('Order 1 0 4 2 shipped. Tracking 1 Z 9 9, 9 A A 1, 0 1 2 3, 4 5 6 7, 8 4.');
    expect(voiceLanguage('es')).to.equal('es-ES');
    expect(voiceLanguage('zh')).to.equal('zh-CN');
    expect(voiceLanguage('xx')).to.equal('en-US');
  });

  it('keeps call state signed and bound to its call', () => {
    const codec = new CallStateCodec('token');
    const s = codec.encode('CA1', { step: 'confirm', heard: '1042', lang: 'en-US', misses: 0 });
    expect(codec.decode('CA1', s)).to.deep.equal({ step: 'confirm', heard: '1042', lang: 'en-US', misses: 0 });
    expect(codec.decode('CA2', s)).to.equal(undefined);
    expect(codec.decode('CA1', s.replace(/^./, 'x'))).to.equal(undefined);
  });
});
