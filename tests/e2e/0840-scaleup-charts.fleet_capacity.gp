# fleet_capacity.gp - GPUs in service by chip and peak compute over time (fleetsim 0.1.0)
#
# Draws fleet_capacity.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot fleet_capacity.gp
# or for one format:    gnuplot -e "fmt='pdf'" fleet_capacity.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'fleet_capacity.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 20260601, 4 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set title 'deepseek_2026_scaleup: fleet capacity'
    set xdata time
    set timefmt '%Y-%m-%dT%H:%M'
    set xrange [1557964800:1874966400]
    unset mxtics
    set xtics ("2020" 1577836800, "2022" 1640995200, "2024" 1704067200, "2026" 1767225600, "2028" 1830297600)
    set xlabel 'Date (UTC)' offset 0,-0.6
    set ylabel 'GPUs in service (thousands)'
    set format y '%g'
    set yrange [0:386.137]
    set y2label 'Peak dense 16-bit EFLOP/s'
    set y2range [0:254.362]
    set y2tics nomirror out
    set format y2 '%g'
    set border 11 lw 1.5
    set bmargin 6.5
    set key top left reverse Left samplen 2 box lc rgb '#d9d9d9' opaque
    set style textbox opaque fc rgb '#ffffff' noborder
    set arrow 1 from 1780272000, graph 0 to 1780272000, graph 1 nohead dt (6,4) lw 2 lc rgb '#000000' front
    set arrow 1000 from 1557964800, graph 0 to 1557964800, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3000 from 1557964800, graph 0 to 1557964800, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1001 from 1661472000, graph 0 to 1661472000, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3001 from 1661472000, graph 0 to 1661472000, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1002 from 1665100800, graph 0 to 1665100800, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3002 from 1665100800, graph 0 to 1665100800, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1003 from 1698019200, graph 0 to 1698019200, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3003 from 1698019200, graph 0 to 1698019200, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1004 from 1744156800, graph 0 to 1744156800, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3004 from 1744156800, graph 0 to 1744156800, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1005 from 1752537600, graph 0 to 1752537600, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3005 from 1752537600, graph 0 to 1752537600, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1006 from 1754956800, graph 0 to 1754956800, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3006 from 1754956800, graph 0 to 1754956800, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1007 from 1758067200, graph 0 to 1758067200, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3007 from 1758067200, graph 0 to 1758067200, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1008 from 1759104000, graph 0 to 1759104000, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3008 from 1759104000, graph 0 to 1759104000, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1009 from 1762300800, graph 0 to 1762300800, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3009 from 1762300800, graph 0 to 1762300800, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1010 from 1768435200, graph 0 to 1768435200, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3010 from 1768435200, graph 0 to 1768435200, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1011 from 1780272000, graph 0 to 1780272000, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3011 from 1780272000, graph 0 to 1780272000, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1012 from 1782864000, graph 0 to 1782864000, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3012 from 1782864000, graph 0 to 1782864000, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1013 from 1785542400, graph 0 to 1785542400, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3013 from 1785542400, graph 0 to 1785542400, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1014 from 1788220800, graph 0 to 1788220800, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3014 from 1788220800, graph 0 to 1788220800, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1015 from 1790812800, graph 0 to 1790812800, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3015 from 1790812800, graph 0 to 1790812800, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1016 from 1793491200, graph 0 to 1793491200, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3016 from 1793491200, graph 0 to 1793491200, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1017 from 1796083200, graph 0 to 1796083200, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3017 from 1796083200, graph 0 to 1796083200, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1018 from 1798761600, graph 0 to 1798761600, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3018 from 1798761600, graph 0 to 1798761600, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1019 from 1801440000, graph 0 to 1801440000, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3019 from 1801440000, graph 0 to 1801440000, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1020 from 1803859200, graph 0 to 1803859200, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3020 from 1803859200, graph 0 to 1803859200, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1021 from 1806537600, graph 0 to 1806537600, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3021 from 1806537600, graph 0 to 1806537600, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1022 from 1809129600, graph 0 to 1809129600, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3022 from 1809129600, graph 0 to 1809129600, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set arrow 1023 from 1811808000, graph 0 to 1811808000, graph 1 nohead lw 4 lc rgb '#ffffff' front
    set arrow 3023 from 1811808000, graph 0 to 1811808000, graph 1 nohead lw 1.5 lc rgb '#D55E00' front
    set bmargin at screen 0.2721
    set label 2 'dashed black line: simulated from 2026-06-01' at screen 0.015, screen 0.1108 left font ',15' tc rgb '#000000'
    set label 1000 'A' at 1557964800, graph 1 center offset 0,0.55 font ',17' tc rgb '#D55E00'
    set label 1001 'B' at 1661472000, graph 1 center offset 0,0.55 font ',17' tc rgb '#D55E00'
    set label 1002 'C' at 1698019200, graph 1 center offset 0,0.55 font ',17' tc rgb '#D55E00'
    set label 1003 'D' at 1744156800, graph 1 center offset 0,0.55 font ',17' tc rgb '#D55E00'
    set label 901 'A us-entity-list (2019-05-16)    B 2 events, 2022-08-26 to 2022-10-07    C us-2023-10 (2023-10-23)    D 7 events, 2025-04-09 to 2026-01-15' at screen 0.015, screen 0.0883 left font ',15' tc rgb '#D55E00'
    set label 1004 'E' at 1780272000, graph 1 center offset 0,0.55 font ',17' tc rgb '#D55E00'
    set label 902 'E 46 events, 2026-06-01 to 2027-06-01' at screen 0.015, screen 0.0658 left font ',15' tc rgb '#D55E00'
    plot \
        'fleet_capacity.dat' using 1:((0)/1000):(($2)/1000) with filledcurves fc rgb '#0072B2' fs solid 0.85 noborder title 'H800', \
        'fleet_capacity.dat' using 1:(($2)/1000):(($2+$3)/1000) with filledcurves fc rgb '#E69F00' fs solid 0.85 noborder title 'H20', \
        'fleet_capacity.dat' using 1:(($2+$3)/1000):(($2+$3+$4)/1000) with filledcurves fc rgb '#009E73' fs solid 0.85 noborder title 'H200', \
        'fleet_capacity.dat' using 1:(($2+$3+$4)/1000):(($2+$3+$4+$5)/1000) with filledcurves fc rgb '#CC79A7' fs solid 0.85 noborder title 'Ascend-910B', \
        'fleet_capacity.dat' using 1:(($2+$3+$4+$5)/1000):(($2+$3+$4+$5+$6)/1000) with filledcurves fc rgb '#56B4E9' fs solid 0.85 noborder title 'Ascend-910C', \
        'fleet_capacity.dat' using 1:(($2+$3+$4+$5+$6)/1000):(($2+$3+$4+$5+$6+$7)/1000) with filledcurves fc rgb '#000000' fs solid 0.85 noborder title 'H100-SXM', \
        'fleet_capacity.dat' using 1:(($2+$3+$4+$5+$6+$7)/1000):(($2+$3+$4+$5+$6+$7+$8)/1000) with filledcurves fc rgb '#F0E442' fs solid 0.85 noborder title 'B200', \
        'fleet_capacity.dat' using 1:($10/1000):($11/1000) with filledcurves fc rgb '#000000' fs transparent pattern 4 border lc rgb '#555555' title 'total GPUs, P5-P95 of 4 replicates', \
        'fleet_capacity.dat' using 1:($12/1000) axes x1y2 with lines lw 3.5 lc rgb '#000000' title 'peak EFLOP/s (right axis)', \
        keyentry with lines lw 1.5 lc rgb '#D55E00' title '57 events in 24 lines (tags: see below)'
    set output
}
