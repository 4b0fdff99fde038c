import { expect } from 'chai';
import { extractEntities, type EntityContext } from '../../src/resolver';

type Row = [text: string, expected: Partial<Record<'orderNumbers' | 'emails' | 'phones' | 'postcodes', string[]>>, ctx?: EntityContext];

function check(rows: Row[]): void {
  for (const [text, expected, ctx] of rows) {
    it(`${JSON.stringify(text)}${ctx ? ` ${JSON.stringify(ctx)}` : ''}`, () => {
      const got = extractEntities(text, ctx);
      expect(got).to.deep.equal({ orderNumbers: [], emails: [], phones: [], postcodes: [], ...expected });
    });
  }
}

describe('resolver / extractEntities', () => {
  describe('en', () => check([
    ["hey where's my order #1042?", { orderNumbers: ['#1042'] }],
    ['its 1042', { orderNumbers: ['1042'] }],
    ['yo hw long til my stuff comes?? ordr no. 1042, ANA@Example.COM thx', { orderNumbers: ['1042'], emails: ['ana@example.com'] }],
    ['(512) 555-0101', { phones: ['5125550101'] }],
    ['my number is 07700 900147. order 1047', { orderNumbers: ['1047'], phones: ['07700900147'] }],
    ['where do i collect my parcel?? #SH-20931 postcode e1 6qe', { orderNumbers: ['#SH-20931'], postcodes: ['e1 6qe'] }],
    ["where's 1052? zip 77002", { orderNumbers: ['1052'], postcodes: ['77002'] }],
    ['zip is 85003', { postcodes: ['85003'] }],
    ['only got the shoes?? order 100234 email marcus.lee@example.com', { orderNumbers: ['100234'], emails: ['marcus.lee@example.com'] }],
    ['I ORDERED 2 WEEKS AGO, order 1045', { orderNumbers: ['1045'] }],
    ['order 1042 placed in 2024 for $1500, took 3 weeks', { orderNumbers: ['1042'] }],
    ['call me at 10:30 on 12/05', {}],
    ['see https://shop.example/orders/1042?x=5', {}],
    ['can u send it to my work address instead? 500 Congress Ave austin', {}],
    ['my order is 1042 and 1043', { orderNumbers: ['1042', '1043'] }],
    ["1042' OR '1'='1", { orderNumbers: ['1042'] }],
    ["email: ' OR 1=1; --", {}],
    ['sh 20931', { orderNumbers: ['sh 20931'] }, { orderPrefix: 'SH-' }],
    ['94103', { postcodes: ['94103'] }, { expecting: 'verification' }],
    ['94103', { orderNumbers: ['94103'] }, { expecting: 'order_number' }],
    ['E1 6QE', { postcodes: ['E1 6QE'] }, { expecting: 'verification' }],
    ['1043 ana@example.com', { orderNumbers: ['1043'], emails: ['ana@example.com'] }, { expecting: 'verification' }],
    ['+1 512 555 0101', { phones: ['+15125550101'] }],
    ['where is ORD55012? and NL90817', { orderNumbers: ['ORD55012', 'NL90817'] }],
    ['A7781 please', { orderNumbers: ['A7781'] }],
    ['tracking AB123456785GB and 1Z999AA10123456784 are not orders', {}],
    ['Order 4472, postal code m5v2a2', { orderNumbers: ['4472'], postcodes: ['m5v2a2'] }],
    ['V6E 3P3', { postcodes: ['V6E 3P3'] }],
    ['when will order 2001 ship?', { orderNumbers: ['2001'] }],
    ['2001', { orderNumbers: ['2001'] }, { expecting: 'order_number' }],
    ['it was a gift in 2024', {}],
    ['order NL40077 postcode 3511 az', { orderNumbers: ['NL40077'], postcodes: ['3511 az'] }],
    ['mi código postal es el 41002', { postcodes: ['41002'] }],
    ["mon code postal c'est 31000", { postcodes: ['31000'] }],
    ['Meine PLZ ist 50823', { postcodes: ['50823'] }],
    ['pedido 302118 CEP 01304-001, quando chega?', { orderNumbers: ['302118'], postcodes: ['01304-001'] }],
    ['pedido 84217 código postal C1425BGN', { orderNumbers: ['84217'], postcodes: ['C1425BGN'] }],
    ['訂單 TW-7315 郵遞區號 106', { orderNumbers: ['TW-7315'], postcodes: ['106'] }],
    ['опечатка: 8 913 903-55-12', { phones: ['89139035512'] }],
  ]));
  describe('es', () => check([
    ['buenas, pedido eu-3318, mi móvil es 600 555 318. cuándo llega??', { orderNumbers: ['eu-3318'], phones: ['600555318'] }],
    ['hola! dónde está mi pedido EU-3318??', { orderNumbers: ['EU-3318'] }],
    ['mi código postal es 28013', { postcodes: ['28013'] }],
  ]));
  describe('fr', () => check([
    ["bjr, commande n° EU-3326, mon mail c'est THEO.LEFEBVRE@example.com", { orderNumbers: ['EU-3326'], emails: ['theo.lefebvre@example.com'] }],
    ['code postal 75011', { postcodes: ['75011'] }],
    ['mon portable 06 12 34 56 78', { phones: ['0612345678'] }],
  ]));
  describe('de', () => check([
    ['Hallo, wo bleibt meine Bestellung EU-3320? PLZ 10119', { orderNumbers: ['EU-3320'], postcodes: ['10119'] }],
    ['bestellnr eu-3320 / jonas.becker@example.com', { orderNumbers: ['eu-3320'], emails: ['jonas.becker@example.com'] }],
    ['dann halt 80333', { postcodes: ['80333'] }, { expecting: 'verification' }],
  ]));
  describe('it', () => check([
    ['ordine n. EU-3328 cap 00186', { orderNumbers: ['EU-3328'], postcodes: ['00186'] }],
    ['il mio cellulare è 333 123 4567', { phones: ['3331234567'] }],
  ]));
  describe('pt', () => check([
    ['encomenda EU-3329, telemóvel 912 555 329', { orderNumbers: ['EU-3329'], phones: ['912555329'] }],
    ['CEP 1100-053', { postcodes: ['1100-053'] }],
    ['o código postal é 1100-053', { postcodes: ['1100-053'] }],
  ]));
  describe('ru', () => check([
    ['заказ EU-3330, почта d.volkov@example.org', { orderNumbers: ['EU-3330'], emails: ['d.volkov@example.org'] }],
    ['номер заказа 1042, индекс 101000', { orderNumbers: ['1042'], postcodes: ['101000'] }],
    ['+7 916 123-45-67', { phones: ['+79161234567'] }],
  ]));
  describe('zh', () => check([
    ['订单号 EU-3331，手机 +31 6 55503331，预售的茶壶什么时候发货？', { orderNumbers: ['EU-3331'], phones: ['+31655503331'] }],
    ['你好，我的订单EU-3324到哪了？', { orderNumbers: ['EU-3324'] }],
    ['邮编 200000', { postcodes: ['200000'] }],
    ['手机 13812345678', { phones: ['13812345678'] }],
  ]));
  it('survives hostile input', () => {
    for (const text of ['', '\u0000', 'x'.repeat(100_000), "'; DROP TABLE orders; --", '((((((((']) {
      expect(() => extractEntities(text)).not.to.throw();
    }
  });
});
