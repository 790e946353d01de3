/**
 * The availability zones of the region a server serves: `<region>a`, `<region>b`, `<region>c`, as Huawei
 * names them (cn-north-4a ...). Every service that takes an AZ checks it against this list.
 */
export const availabilityZones = (region: string): string[] => ['a', 'b', 'c'].map((suffix) => `${region}${suffix}`)
