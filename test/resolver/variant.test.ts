import { expect } from 'chai';
import { regionalVariantOf } from '../../src/resolver/variant';
import { inRegionalWording } from '../../src/answers/regional';

describe('resolver: regional variant of the reply', () => {
  it('the shopper\'s words decide over the locale', () => {
    expect(regionalVariantOf('es', 'oigan, ahorita no me llega nada', 'es-ES')).to.equal('es-419');
    expect(regionalVariantOf('es', '¿me podéis decir algo?', 'es-MX')).to.equal('es-ES');
    expect(regionalVariantOf('fr', 'je vous ai envoyé un courriel', 'fr-FR')).to.equal('fr-CA');
    expect(regionalVariantOf('pt', 'cadê meu pedido', 'pt-PT')).to.equal('pt-BR');
  });

  it('without telling words: the conversation\'s earlier variant of that language, else the locale\'s', () => {
    expect(regionalVariantOf('es', 'hola', 'en-US', 'es-419')).to.equal('es-419');
    expect(regionalVariantOf('es', 'hola', 'es-AR')).to.equal('es-419');
    expect(regionalVariantOf('fr', 'bonjour', 'fr-CA')).to.equal('fr-CA');
    expect(regionalVariantOf('fr', 'bonjour', 'fr-BE')).to.equal('fr-FR');
    // A variant of another language (the shopper switched) does not carry over.
    expect(regionalVariantOf('es', 'hola', 'en-US', 'pt-BR')).to.equal(undefined);
    // Earlier versions stored 'BR' and 'PT'.
    expect(regionalVariantOf('pt', 'olá', undefined, 'BR')).to.equal('pt-BR');
    expect(regionalVariantOf('de', 'hallo', 'de-AT')).to.equal(undefined);
  });

  it('swaps only words that differ, and leaves the templates\' own variants alone', () => {
    expect(inRegionalWording('fr-CA', "Vous le trouverez dans l'e-mail de confirmation.")).to.equal('Vous le trouverez dans le courriel de confirmation.');
    expect(inRegionalWording('es-419', 'Tu pedido está hoy en reparto (2-4 días laborables).')).to.equal('Tu pedido está hoy en ruta de entrega (2-4 días hábiles).');
    // Gender follows the swapped word: "una incidencia" is "un problema".
    expect(inRegionalWording('es-419', 'Hay una incidencia con la entrega.')).to.equal('Hay un problema con la entrega.');
    expect(inRegionalWording('fr-CA', "le lien de l'e-mail")).to.equal('le lien du courriel');
    expect(inRegionalWording('es-ES', 'en reparto')).to.equal('en reparto');
    expect(inRegionalWording(undefined, 'morada')).to.equal('morada');
  });
});
