/**
 * Passwords that guessing tools try first: the head of the public leaked-password lists (SecLists, the
 * NCSC top list) and the Chinese ones that lead the CSDN / 12306 leaks. Kept as base words: the check in
 * passwords.ts folds case and common letter-for-symbol swaps and strips digits and symbols at either end,
 * so «Password1», «P@ssw0rd» and «Admin@123» all fall on an entry here.
 */
const LIST = `
password passw0rd passwd pass admin administrator root user guest test demo login welcome letmein
qwerty qwertyuiop qwer asdf asdfgh asdfghjkl zxcv zxcvbn zxcvbnm qaz qazwsx qazwsxedc wsx edc 1qaz
abc abcd abcde abcdef abcdefg abcdefgh abcdefghi abcdefghij aaaa aaaaaa aaaaaaaa
iloveyou love lovely loveme woaini aini wohenaini
monkey dragon master shadow sunshine princess football baseball soccer hockey basketball superman batman
michael jennifer jordan hunter ranger harley thomas robert daniel charlie andrew matthew joshua ashley
jessica amanda nicole george summer winter spring autumn flower secret freedom whatever trustno1 trustno
starwars pokemon computer internet samsung apple google microsoft windows linux ubuntu oracle mysql
changeme default system server manager office service support security account access private public
hello hellohello helloworld welcome1 hi nihao zhongguo china beijing shanghai guangzhou shenzhen
cheese cookie banana orange lemon chocolate pepper ginger tiger lion eagle killer pussy buster cowboy
mustang maggie ginger purple yellow silver golden diamond angel angels jesus christ god
qwe qweqwe qweasd qweasdzxc asdasd zxczxc qweasdzxc1 asdqwe
zhangwei wangwei wangfang liwei lina zhangmin lijing wangjing liujie zhangli
huanying mima woshishui wodemima taizhang gongkai zhengfu
baby babygirl football1 soccer1 jordan23 michelle
passport passphrase password1 password12 password123 
sample example temp temporary nopassword blank none null
`;

const NUMERIC = `
0 00 000 0000 00000 000000 0000000 00000000 1 11 111 1111 11111 111111 1111111 11111111
12 123 1234 12345 123456 1234567 12345678 123456789 1234567890 0123456789 987654321 9876543210
654321 54321 4321 321 123123 123321 112233 121212 123654 147258 147258369 159357 159753 258369
520 521 1314 5201314 5211314 1314520 666 666666 888 888888 8888 88888888 168168 518518
000000000 111111111 222222 333333 444444 555555 777777 999999 12341234 11223344 123qwe
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `${LIST} ${NUMERIC}`.split(/\s+/).filter((w) => w.length > 0),
);
